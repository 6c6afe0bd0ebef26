"""Turning two-factor on: a new secret, shown until a code from it proves the app holds it; then codes."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle
from accounts.flows.outcome import Outcome
from accounts.mail import notify_user
from audit import events
from audit.record import record
from mfa import totp
from mfa.conf import mfa_settings
from mfa.flows.recovery import issue_recovery_codes
from mfa.session import mark_verified


def pending_device(user):
    """The user's unconfirmed device, created with a fresh CSPRNG secret when there is none.

    None when two-factor is already on: a confirmed device's secret is never shown again.
    """
    if totp.has_confirmed_device(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=totp.DEVICE_NAME, confirmed=False)
    return device


def confirm_device(request, user, device, typed):
    """(Outcome.ACCEPTED, recovery codes), or (WRONG, None). Turns two-factor on when the code is valid.

    Counted per user (SETUP_CODE_RATE_PER_USER) before the check; raises throttle.Throttled past it.
    """
    refusal = throttle.hit(request, "mfa_setup", key=str(user.pk), rate=mfa_settings.SETUP_CODE_RATE_PER_USER)
    if refusal is not None:
        raise throttle.Throttled(refusal)
    outcome = totp.verify_code(TOTPDevice.objects.filter(pk=device.pk, user=user, confirmed=False), typed)
    if outcome != Outcome.ACCEPTED:
        return outcome, None
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = issue_recovery_codes(user)
    # The user has just shown the second factor in this session, which may now reach more (staff: the admin):
    # a new session id, as at every change of privilege.
    request.session.cycle_key()
    mark_verified(request.session, user, "totp")
    record(events.MFA_ENABLED, request=request, user=user)
    notify_user(user, "mfa_enabled", request=request)
    return outcome, codes
