"""View guard of this app: sensitive changes need a recent step-up (accounts.flows.reauth)."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect, resolve_url

from accounts.flows.reauth import auth_is_recent
from web.errors import error_response, wants_json

REAUTH_MESSAGE = "Please confirm it is you before making this change."


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
