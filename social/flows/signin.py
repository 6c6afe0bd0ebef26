"""Starting a Google sign-in (or a connection from the account page) and finishing it at the callback."""

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.urls import reverse
from social_core.exceptions import SocialAuthBaseException

from accounts import throttle
from social.conf import social_settings
from social.flows.failures import fail, reason_for
from social.strategy import load_google
from web.redirects import safe_next

START = "_social_google_start"
LOGIN, CONNECT = "login", "connect"


@dataclass(frozen=True)
class Handover:
    """Where the browser goes after the callback, and what it is told there."""

    url: str
    message: str = ""
    level: int = messages.INFO


def start_google(request, *, intent, next_url="", remember=False):
    """The URL of Google's authorization page for a new, single-use state, nonce and PKCE verifier.

    Raises throttle.Throttled when this client IP has started too many sign-ins (GOOGLE_START_RATE). `intent` is
    LOGIN, or CONNECT for a signed-in user adding Google to their account.
    """
    refusal = throttle.hit(request, "google_start", rate=social_settings.GOOGLE_START_RATE)
    if refusal is not None:
        raise throttle.Throttled(refusal)
    request.session[START] = {
        "intent": intent,
        "next": safe_next(next_url),
        "remember": bool(remember),
        "user_id": request.user.pk if intent == CONNECT else None,
        "started": int(time.time()),
    }
    backend = load_google(request)
    try:
        return backend.auth_url()
    except SocialAuthBaseException as error:  # e.g. the discovery document could not be fetched
        raise fail(request, reason_for(error), stage="start") from error


def complete_google(request):
    """Check Google's answer and run the pipeline (social.pipeline). A Handover, or raises GoogleSignInFailed.

    Everything that can be wrong with the answer (cancelled, missing, forged or replayed state, wrong nonce,
    audience, issuer or signature, expired token, unverified email, Google unreachable or silent) is audited with a
    reason code and raised as GoogleSignInFailed; nobody is signed in and nothing is linked.
    """
    start = request.session.pop(START, None) or {}
    connecting_user = None
    if start.get("intent") == CONNECT:
        if not request.user.is_authenticated or request.user.pk != start.get("user_id"):
            raise fail(request, "session_changed")
        connecting_user = request.user
    backend = load_google(request)
    try:
        handover = backend.complete(connecting_user=connecting_user, start=start)
    except SocialAuthBaseException as error:
        raise fail(request, reason_for(error), user=connecting_user) from error
    if not isinstance(handover, Handover):  # the pipeline always ends in a Handover; anything else is refused
        raise fail(request, "failed", user=connecting_user)
    return handover


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def login_page(next_url=""):
    return with_next(reverse("accounts:login"), next_url)
