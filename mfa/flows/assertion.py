"""Checking a passkey assertion, the one check behind the second factor, passwordless sign-in and step-up.

Cost of a check: one Redis DEL (spending the challenge), one indexed lookup by credential id, one signature
verification (well under 2 ms), one conditional UPDATE of the counter.
"""

from django.utils import timezone

from audit import events
from audit.record import record
from mfa import challenges, passkeys
from mfa.models import Passkey

ACCEPTED, WRONG, STALE, CLONED = "accepted", "wrong", "stale", "cloned"


def _usable(user):
    return user.is_active and user.email_verified


def _find_passkey(credential):
    # One indexed lookup; the handle comes along for the passwordless check (a LEFT JOIN, no second query).
    return (Passkey.objects.select_related("user", "user__webauthn")
            .filter(credential_id=credential.raw_id).first())


def _owner_matches(passkey, credential, user):
    if user is not None and passkey.user_id != user.pk:
        return False
    handle = credential.response.user_handle
    if handle is None:
        return user is not None  # a discoverable (passwordless) assertion must say whose credential it is
    stored = getattr(passkey.user, "webauthn", None)
    return stored is not None and bytes(stored.handle) == handle


def _advance_counter(passkey, received):
    """Store the new counter; False when a non-zero counter did not grow (a cloned authenticator, or a replay of an
    older assertion). Authenticators that keep no counter (synced passkeys) always send 0 and are never judged."""
    now = timezone.now()
    if received == 0 and passkey.sign_count == 0:
        Passkey.objects.filter(pk=passkey.pk).update(last_used_at=now)
        return True
    # Conditional UPDATE: of two parallel uses with the same counter, PostgreSQL lets only one move it.
    moved = Passkey.objects.filter(pk=passkey.pk, sign_count__lt=received).update(sign_count=received,
                                                                                 last_used_at=now)
    return moved == 1


def check_assertion(request, text, purpose, *, user=None, user_verification=False):
    """(outcome, passkey). `user`: the only account whose passkeys may answer (second factor, step-up), or None for
    a passwordless sign-in (any active account's passkey, with the user handle checked).

    ACCEPTED: the passkey signed this session's unspent challenge for `purpose`; its counter is stored.
    STALE: no unspent challenge (never issued, too old, or already used: a replay). WRONG: unknown credential,
    another account's, a deactivated account's (the same reply as unknown), or a bad signature, origin or RP ID.
    CLONED: a valid signature whose non-zero counter did not grow; audited here.
    """
    challenge = challenges.spend(request, purpose)
    if challenge is None:
        return STALE, None
    credential = passkeys.parse_assertion(text)
    if credential is None:
        return WRONG, None
    passkey = _find_passkey(credential)
    if passkey is None or not _usable(passkey.user) or not _owner_matches(passkey, credential, user):
        return WRONG, None
    verified = passkeys.verify_assertion(credential, challenge=challenge, passkey=passkey,
                                         user_verification=user_verification)
    if verified is None:
        return WRONG, passkey
    if not _advance_counter(passkey, verified.new_sign_count):
        record(events.PASSKEY_CLONE_SUSPECTED, request=request, user=passkey.user, credential=passkey.pk,
               credential_name=passkey.name, stored_counter=passkey.sign_count,
               received_counter=verified.new_sign_count, purpose=purpose)
        return CLONED, passkey
    return ACCEPTED, passkey


def passkeys_of(user):
    return list(Passkey.objects.filter(user=user).only("credential_id", "transports"))

