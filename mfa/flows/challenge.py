"""The second login step: a TOTP or recovery code for the login waiting in the session.

Wrong codes and refused passkeys (mfa.flows.passkey_login) share one counter per pending login.
"""

from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle
from accounts.conf import accounts_settings
from accounts.flows.login import abandon_login, complete_stage, pending_user
from accounts.flows.outcome import Outcome
from audit import events
from audit.record import record
from mfa import recovery_codes, totp
from mfa.conf import mfa_settings
from mfa.flows.recovery import use_recovery_code
from mfa.session import mark_verified
from mfa.stages import STAGE

# The code page's answers: the code check's own (Outcome), and two that end this login.
ACCEPTED, WRONG = Outcome.ACCEPTED, Outcome.WRONG
ENDED, EXPIRED = "ended", "expired"


def check_second_factor(request, user, typed):
    """(Outcome, method): method is "totp" or "recovery" when the code was accepted (and is now spent)."""
    if recovery_codes.looks_like_recovery_code(typed):
        return (ACCEPTED, "recovery") if use_recovery_code(request, user, typed) else (WRONG, None)
    return totp.verify_code(TOTPDevice.objects.filter(user=user, confirmed=True), typed), "totp"


def _failure_key(request):
    # One counter per pending login: the session id is fixed from begin_login() until the login finishes.
    return f"mfa:login-failures:{request.session.session_key}"


def count_login_attempt(request):
    """Count a code attempt atomically in Redis *before* checking it: parallel guesses cannot outrun the limit."""
    key = _failure_key(request)
    cache.add(key, 0, timeout=accounts_settings.PENDING_LOGIN_SECONDS)
    return cache.incr(key)


def _ip_key(request):
    return f"mfa:login-code-ip:{throttle.client_network(request)}"


def _reserve_ip_attempt(request):
    """Hold one of the client network's code attempts before any check; a Refusal when none is left."""
    key = _ip_key(request)
    cache.add(key, 0, timeout=mfa_settings.LOGIN_CODE_IP_WINDOW_SECONDS)
    if cache.incr(key) <= mfa_settings.LOGIN_CODE_IP_MAX_FAILURES:
        return None
    ttl = getattr(cache, "ttl", lambda key: None)(key)
    return throttle.Refusal(max(1, ttl or mfa_settings.LOGIN_CODE_IP_WINDOW_SECONDS))


def _release_ip_attempt(request):
    """Give the slot back: the code was right (or never checked). Only wrong codes count against a network."""
    try:
        cache.decr(_ip_key(request))
    except ValueError:  # the window ended meanwhile: nothing left to give back
        pass


def clear_login_attempts(request):
    cache.delete(_failure_key(request))


def end_login(request, user):
    # The counter stays until it expires: parallel requests of this login keep being refused by it.
    abandon_login(request)
    record(events.MFA_LOGIN_ENDED, request=request, user=user, reason="too_many_wrong_codes")
    return ENDED, None


def submit_login_code(request, typed):
    """(outcome, next_url). ACCEPTED: the login moved on (next_url is the next stage's page, or None: signed in).

    Raises throttle.Throttled, before any check, when the client network has no wrong-code attempts left
    (LOGIN_CODE_IP_MAX_FAILURES).
    """
    user = pending_user(request)
    if user is None:
        abandon_login(request)
        return EXPIRED, None
    refusal = _reserve_ip_attempt(request)
    if refusal is not None:
        raise throttle.Throttled(refusal)
    attempt = count_login_attempt(request)
    if attempt > mfa_settings.MAX_LOGIN_CODE_FAILURES:
        _release_ip_attempt(request)
        return end_login(request, user)
    outcome, method = check_second_factor(request, user, typed)
    if outcome == WRONG:
        record(events.MFA_FAILED, request=request, user=user, attempt=attempt)
        if attempt >= mfa_settings.MAX_LOGIN_CODE_FAILURES:
            return end_login(request, user)
        return WRONG, None
    clear_login_attempts(request)
    _release_ip_attempt(request)
    mark_verified(request.session, user, method)
    record(events.MFA_VERIFIED, request=request, user=user, method=method)
    return ACCEPTED, complete_stage(request, STAGE, method=method)
