"""Google sign-in pages. Thin: parse, call a flow (social.flows), redirect.

Without GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET every URL here answers 404. Starting is POST only (a CSRF-
protected form; GET answers 405), so no link or image can send a visitor to Google.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts.decorators import recent_auth_required
from accounts.throttle import Throttled
from social.backends import google_configured
from social.flows.disconnect import disconnect_google
from social.flows.failures import GoogleSignInFailed
from social.flows.signin import CONNECT, LOGIN, complete_google, login_page, start_google
from web.decorators import methods, public
from web.errors import refusal_response
from web.redirects import safe_next


def google_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not google_configured():
            raise Http404("Google sign-in is not configured")
        return view(request, *args, **kwargs)

    return wrapped


def _to_google(request, **start):
    try:
        return HttpResponseRedirect(start_google(request, **start))
    except Throttled as refused:
        return refusal_response(request, refused.refusal)
    except GoogleSignInFailed as failed:
        messages.error(request, failed.message)
        return redirect("accounts:account" if request.user.is_authenticated else login_page(start.get("next_url")))


@public
@google_required
@methods("POST")
@never_cache
@csrf_protect
def google_start_view(request):
    next_url = request.POST.get("next", "")
    if request.user.is_authenticated:
        return redirect(safe_next(next_url))
    return _to_google(request, intent=LOGIN, next_url=next_url, remember=request.POST.get("remember") == "on")


@public
@google_required
@methods("GET")
@never_cache
def google_callback_view(request):
    try:
        handover = complete_google(request)
    except GoogleSignInFailed as failed:
        messages.error(request, failed.message)
        return redirect("accounts:account" if request.user.is_authenticated else "accounts:login")
    if handover.message:
        messages.add_message(request, handover.level, handover.message)
    return redirect(handover.url)


@google_required
@methods("POST")
@never_cache
@csrf_protect
@recent_auth_required(return_to="accounts:account")
def google_connect_view(request):
    # Adding a way in is as sensitive as changing the password: a borrowed session must not plant its own Google.
    return _to_google(request, intent=CONNECT)


@methods("POST")
@never_cache
@csrf_protect
@recent_auth_required(return_to="accounts:account")
def google_disconnect_view(request):
    refused = disconnect_google(request, request.user)
    if refused:
        messages.error(request, refused)
    else:
        messages.success(request, "Google sign-in is disconnected from your account.")
    return redirect("accounts:account")
