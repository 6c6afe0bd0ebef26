"""Confirming identity again (step-up): the password, or a method another app offers."""

import time

from accounts import throttle
from accounts.flows.login import AUTH_TIME
from accounts.stepup import stepup_methods
from audit import events
from audit.record import record

PASSWORD = "password"


def reauthenticate(request, method, typed):
    """'ok', 'wrong' or 'throttled'. On 'ok' the step-up clock restarts and the session id changes.

    Every attempt is counted (RATE_LIMITS["step_up"]) before anything is checked, so parallel guesses cannot slip
    past the limit. Raises throttle.Throttled when the limit is reached.
    """
    user = request.user
    refusal = throttle.hit(request, "step_up", key=str(user.pk))
    if refusal is not None:
        raise throttle.Throttled(refusal)
    if method == PASSWORD:
        outcome = "ok" if user.check_password(typed) else "wrong"
    elif method in (extra := stepup_methods(user)):
        outcome = extra[method].verify(request, user, typed)
    else:
        outcome = "wrong"
    if outcome == "wrong":
        record(events.REAUTH_FAILED, request=request, user=user, method=method)
    elif outcome == "ok":
        request.session.cycle_key()
        request.session[AUTH_TIME] = int(time.time())
        record(events.REAUTH_SUCCEEDED, request=request, user=user, method=method)
    return outcome
