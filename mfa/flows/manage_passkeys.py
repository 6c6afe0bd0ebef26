"""A user's own passkeys: register one (after step-up), rename, remove. The views guard step-up; the rules live here."""

import secrets

from django.db import IntegrityError, transaction

from accounts.mail import notify_user
from audit import events
from audit.record import record
from mfa import challenges, passkeys
from mfa.conf import mfa_settings
from mfa.factors import has_second_factor
from mfa.flows.assertion import passkeys_of
from mfa.flows.recovery import issue_recovery_codes
from mfa.models import Passkey, RecoveryCode, WebAuthnUser
from mfa.session import forget_verified, mark_verified, second_factor_verified

ADDED, EXPIRED, INVALID, DUPLICATE, TOO_MANY = "added", "expired", "invalid", "duplicate", "too_many"
USER_HANDLE_BYTES = 64


def user_handle(user):
    """The user's WebAuthn user handle, made on first use: 64 random bytes (never the id or the email)."""
    row = WebAuthnUser.objects.filter(user=user).first()
    if row is None:
        try:
            with transaction.atomic():
                row = WebAuthnUser.objects.create(user=user, handle=secrets.token_bytes(USER_HANDLE_BYTES))
        except IntegrityError:  # a parallel request made it first
            row = WebAuthnUser.objects.get(user=user)
    return bytes(row.handle)


def list_passkeys(user):
    return list(Passkey.objects.filter(user=user).only("name", "created_at", "last_used_at", "backed_up"))


def can_add_passkey(user):
    return Passkey.objects.filter(user=user).count() < mfa_settings.MAX_PASSKEYS_PER_USER


def registration_options(request, user):
    """The options JSON for navigator.credentials.create(), with a fresh single-use challenge; None at the limit."""
    if not can_add_passkey(user):
        return None
    challenge = challenges.issue(request, challenges.REGISTER)
    return passkeys.registration_options(user=user, handle=user_handle(user), existing=passkeys_of(user),
                                         challenge=challenge)


def register_passkey(request, user, text, name):
    """(outcome, recovery codes or None). ADDED: the passkey is stored. When it is the user's first second factor,
    two-factor is now on: fresh recovery codes come back (shown once), as when an authenticator app is set up.

    A passkey registered in a session that had not shown a second factor marks it verified (the user has just proved
    possession of the authenticator, with user verification), under a new session id.
    """
    challenge = challenges.spend(request, challenges.REGISTER)
    if challenge is None:
        return EXPIRED, None
    if not can_add_passkey(user):
        return TOO_MANY, None
    verified = passkeys.verify_registration(text, challenge)
    if verified is None:
        return INVALID, None
    first_factor = not has_second_factor(user)
    try:
        with transaction.atomic():
            passkey = Passkey.objects.create(
                user=user, name=name, credential_id=verified.credential_id,
                public_key=verified.credential_public_key, sign_count=verified.sign_count,
                transports=passkeys.transports_of(text), backed_up=verified.credential_backed_up)
            codes = issue_recovery_codes(user) if first_factor else None
    except IntegrityError:  # this authenticator's credential is already registered (here or on another account)
        return DUPLICATE, None
    if not second_factor_verified(request):
        request.session.cycle_key()
        mark_verified(request.session, user, "passkey")
    record(events.PASSKEY_ADDED, request=request, user=user, credential=passkey.pk, credential_name=name,
           synced=passkey.backed_up)
    if first_factor:
        record(events.MFA_ENABLED, request=request, user=user, method="passkey")
    notify_user(user, "passkey_added", request=request, passkey_name=name)
    return ADDED, codes


def rename_passkey(request, user, passkey_id, name):
    renamed = Passkey.objects.filter(pk=passkey_id, user=user).update(name=name)
    if renamed:
        record(events.PASSKEY_RENAMED, request=request, user=user, credential=passkey_id, credential_name=name)
    return bool(renamed)


def remove_passkey(request, user, passkey_id):
    """Remove one of the user's passkeys. When it was their last second factor, two-factor is off: the recovery
    codes go too, and this session no longer counts as having shown a second factor."""
    passkey = Passkey.objects.filter(pk=passkey_id, user=user).first()
    if passkey is None:
        return False
    with transaction.atomic():
        passkey.delete()
        last = not has_second_factor(user)
        if last:
            RecoveryCode.objects.filter(user=user).delete()
    record(events.PASSKEY_REMOVED, request=request, user=user, credential=passkey_id, credential_name=passkey.name)
    if last:
        forget_verified(request.session)
        record(events.MFA_DISABLED, request=request, user=user, method="passkey")
    notify_user(user, "passkey_removed", request=request, passkey_name=passkey.name)
    return True
