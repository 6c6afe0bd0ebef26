"""Signing in with a passkey: as the second factor after the password, or on its own (passwordless).

A passwordless sign-in counts as both factors: possession of the authenticator plus user verification (PIN or
biometric) on it. It enters the login pipeline like any first factor (begin_login, method "passkey") and then reports
the second-factor stage done through the pipeline's own verb (complete_stage): the session policy, the audit entry
and the new-device alert are the pipeline's, as for a password.
"""

from accounts import throttle
from accounts.flows.login import abandon_login, begin_login, complete_stage, pending_user
from audit import events
from audit.record import record
from mfa import challenges, passkeys
from mfa.conf import mfa_settings
from mfa.flows.assertion import ACCEPTED, CLONED, STALE, WRONG, check_assertion, passkeys_of
from mfa.flows.challenge import ENDED, EXPIRED, clear_login_attempts, count_login_attempt, end_login
from mfa.session import mark_verified
from mfa.stages import STAGE

SECOND_FACTOR_METHOD = "webauthn"  # the audit's name for a passkey shown after the password
PASSWORDLESS_METHOD = "passkey"  # ... and for a passkey alone

__all__ = ["ACCEPTED", "CLONED", "ENDED", "EXPIRED", "STALE", "WRONG"]


def second_factor_options(request):
    """Options JSON for the pending login's user (their passkeys only), or None when no login is pending."""
    user = pending_user(request)
    if user is None:
        return None
    challenge = challenges.issue(request, challenges.SECOND_FACTOR)
    return passkeys.authentication_options(challenge=challenge, allowed=passkeys_of(user))


def submit_second_factor(request, text):
    """(outcome, next_url) for a passkey offered on the code page. A refused passkey uses one of the login's
    attempts, like a wrong code. ACCEPTED: the login moved on (next_url None: signed in)."""
    user = pending_user(request)
    if user is None:
        abandon_login(request)
        return EXPIRED, None
    attempt = count_login_attempt(request)
    if attempt > mfa_settings.MAX_LOGIN_CODE_FAILURES:
        return end_login(request, user)
    outcome, _ = check_assertion(request, text, challenges.SECOND_FACTOR, user=user)
    if outcome != ACCEPTED:
        record(events.MFA_FAILED, request=request, user=user, attempt=attempt, method=SECOND_FACTOR_METHOD,
               reason=outcome)
        if attempt >= mfa_settings.MAX_LOGIN_CODE_FAILURES:
            return end_login(request, user)
        return outcome, None
    clear_login_attempts(request)
    mark_verified(request.session, user, SECOND_FACTOR_METHOD)
    record(events.MFA_VERIFIED, request=request, user=user, method=SECOND_FACTOR_METHOD)
    return ACCEPTED, complete_stage(request, STAGE, method=SECOND_FACTOR_METHOD)


def passwordless_options(request):
    """Options JSON for a discoverable-credential request with user verification required.

    Each request counts at the "passkey_login" door per client IP (an attempt cannot start without a challenge).
    Raises throttle.Throttled past the limit.
    """
    refusal = throttle.hit(request, "passkey_login")
    if refusal is not None:
        raise throttle.Throttled(refusal)
    challenge = challenges.issue(request, challenges.PASSWORDLESS)
    return passkeys.authentication_options(challenge=challenge, user_verification=True)


def sign_in_passwordless(request, text):
    """(outcome, next_url). ACCEPTED: signed in (next_url None), or sent to a further stage's page."""
    outcome, passkey = check_assertion(request, text, challenges.PASSWORDLESS, user_verification=True)
    if outcome == STALE:  # nothing was checked (no unspent challenge): not worth an audit row per request
        return outcome, None
    if outcome != ACCEPTED:
        known = passkey.user if passkey is not None else None  # a registered passkey of the account, refused
        record(events.LOGIN_FAILED, request=request, user=known, method=PASSWORDLESS_METHOD, reason=outcome)
        return outcome, None
    user = passkey.user
    next_url = begin_login(request, user, method=PASSWORDLESS_METHOD)
    mark_verified(request.session, user, PASSWORDLESS_METHOD)
    if next_url is None:  # no stage asked for anything: already signed in
        return ACCEPTED, None
    return ACCEPTED, complete_stage(request, STAGE, method=PASSWORDLESS_METHOD)
