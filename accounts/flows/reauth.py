"""Confirming identity again (step-up): the password, or a method another app offers."""

import time

from django.core.cache import cache

from accounts.conf import accounts_settings
from accounts.flows.login import AUTH_TIME
from accounts.stepup import stepup_methods
from audit import events
from audit.record import record

PASSWORD = "password"


def _failure_key(user):
    return f"reauth-failures:{user.pk}"


def _too_many_failures(user):
    return (cache.get(_failure_key(user)) or 0) >= accounts_settings.REAUTH_MAX_FAILURES


def _count_failure(user):
    key = _failure_key(user)
    cache.add(key, 0, timeout=accounts_settings.REAUTH_FAILURE_WINDOW_SECONDS)
    cache.incr(key)


def reauthenticate(request, method, typed):
    """'ok', 'wrong' or 'throttled'. On 'ok' the step-up clock restarts and the session id changes."""
    user = request.user
    if _too_many_failures(user):
        return "throttled"
    if method == PASSWORD:
        outcome = "ok" if user.check_password(typed) else "wrong"
    elif method in (extra := stepup_methods(user)):
        outcome = extra[method].verify(request, user, typed)
    else:
        outcome = "wrong"
    if outcome == "wrong":
        _count_failure(user)
        record(events.REAUTH_FAILED, request=request, user=user, method=method)
    elif outcome == "ok":
        cache.delete(_failure_key(user))
        request.session.cycle_key()
        request.session[AUTH_TIME] = int(time.time())
        record(events.REAUTH_SUCCEEDED, request=request, user=user, method=method)
    return outcome
