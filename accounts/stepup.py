"""Step-up re-authentication: sensitive changes need a recent password (or second-factor) check.

The time of the last check is the session's AUTH_TIME, set at login and again by the /reauth/ page. Other apps add
ways to pass the check through settings AUTHSITE_STEPUP_METHODS (two-factor adds "a code from your app"), so
accounts never imports them.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect, resolve_url
from django.utils.module_loading import import_string

from accounts.conf import accounts_settings
from accounts.flows.login import AUTH_TIME
from authsite.errors import error_response, wants_json

REAUTH_MESSAGE = "Please confirm it is you before making this change."


def auth_is_recent(request):
    return time.time() - request.session.get(AUTH_TIME, 0) <= accounts_settings.REAUTH_SECONDS


def stepup_methods(user):
    """The extra methods (besides the password) this user may pass step-up with, by name."""
    methods = (import_string(path) for path in accounts_settings.STEPUP_METHODS)
    return {method.name: method for method in methods if method.offered_to(user)}


def recent_auth_required(view=None, *, return_to=None):
    """Let the view run only within REAUTH_SECONDS of the last check; otherwise ask again, then come back.

    After the check the user lands on `return_to` (a URL name; for POST-only actions, the page holding the form)
    or on this view's own page. A POST is never replayed: the user repeats the action knowingly.
    """
    if view is None:
        return lambda view: recent_auth_required(view, return_to=return_to)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if auth_is_recent(request):
            return view(request, *args, **kwargs)
        if wants_json(request):
            return error_response(request, 403, REAUTH_MESSAGE)
        back = resolve_url(return_to) if return_to else request.path
        return redirect(f"{resolve_url('accounts:reauth')}?{urlencode({'next': back})}")

    return wrapped
