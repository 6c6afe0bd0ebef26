"""Turning two-factor off: by the user (after step-up) or by an operator (admin action, manage.py reset_mfa).
Either way every second factor goes: the authenticator app, the recovery codes and the passkeys."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.flows.sessions import revoke_sessions
from accounts.mail import notify_user
from audit import events
from audit.record import record
from mfa.models import Passkey, RecoveryCode
from mfa.session import forget_verified


def _remove_second_factor(user):
    with transaction.atomic():
        devices, _ = TOTPDevice.objects.filter(user=user).delete()
        codes, _ = RecoveryCode.objects.filter(user=user).delete()
        keys, _ = Passkey.objects.filter(user=user).delete()
    return bool(devices or codes or keys)


def disable_two_factor(request, user):
    _remove_second_factor(user)
    forget_verified(request.session)
    record(events.MFA_DISABLED, request=request, user=user)
    notify_user(user, "mfa_disabled", request=request)


def reset_two_factor(user, *, actor, request=None):
    """An operator removes a user's second factor (lost phone). Their sessions end: whoever holds one may be the
    reason for the reset, and a session must not keep a second-factor mark the account no longer backs.
    Returns False when the user had no second factor (nothing changed, nothing sent)."""
    if not _remove_second_factor(user):
        return False
    record(events.MFA_RESET, request=request, user=user, actor=actor)
    revoke_sessions(user, request=request, reason="mfa_reset", actor=actor)
    notify_user(user, "mfa_reset", request=request)
    return True
