"""Confirming identity again (step-up): how recent the last check is, the ways to pass it, and the check itself.

The time of the last check is the session's AUTH_TIME, set at login and again by a successful reauthenticate().
Other apps add ways to pass it through settings AUTHSITE_STEPUP_METHODS (two-factor adds "a code from your app"),
so accounts never imports them. A method is an object with name, label, autocomplete, offered_to(user) and
verify(request, user, typed) -> Outcome; optionally template_name, page_context(request, user) and secret_max_length
(accounts/conf.py, STEPUP_METHODS).
"""

import time

from django.utils.module_loading import import_string

from accounts import throttle
from accounts.conf import accounts_settings
from accounts.flows.login import AUTH_TIME
from accounts.flows.outcome import Outcome
from audit import events
from audit.record import record

PASSWORD = "password"


def auth_is_recent(request):
    """Was the last password or second-factor check of this session within REAUTH_SECONDS?"""
    return time.time() - request.session.get(AUTH_TIME, 0) <= accounts_settings.REAUTH_SECONDS


def stepup_methods(user):
    """The extra methods (besides the password) this user may pass step-up with, by name."""
    methods = (import_string(path) for path in accounts_settings.STEPUP_METHODS)
    return {method.name: method for method in methods if method.offered_to(user)}


def reauthenticate(request, method, typed, *, purpose="step_up"):
    """An Outcome. On ACCEPTED the step-up clock restarts and the session id changes.

    Every check of the signed-in user's current password or code goes through here, wherever it is typed (the step-up
    page, the change-password form, ...; `purpose` says which, for the audit trail): every attempt is counted on the
    one per-user limit RATE_LIMITS["step_up"] before anything is checked, so parallel guesses cannot slip past it and
    no form becomes an unthrottled password oracle, and every failure is audited. Raises throttle.Throttled when the
    limit is reached.
    """
    user = request.user
    refusal = throttle.hit(request, "step_up", key=str(user.pk))
    if refusal is not None:
        raise throttle.Throttled(refusal)
    if method == PASSWORD:
        outcome = Outcome.ACCEPTED if user.check_password(typed) else Outcome.WRONG
    elif method in (extra := stepup_methods(user)):
        outcome = extra[method].verify(request, user, typed)
    else:
        outcome = Outcome.WRONG
    if outcome == Outcome.WRONG:
        record(events.REAUTH_FAILED, request=request, user=user, method=method, purpose=purpose)
    elif outcome == Outcome.ACCEPTED:
        request.session.cycle_key()
        request.session[AUTH_TIME] = int(time.time())
        record(events.REAUTH_SUCCEEDED, request=request, user=user, method=method, purpose=purpose)
    return outcome
