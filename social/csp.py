"""Content Security Policy for the pages that start a Google sign-in.

Every page keeps `form-action 'self'`. A page that shows a "Sign in with Google" (or "Connect Google") form posts
to our own start URL, which answers 302 to Google's authorization endpoint; Chromium applies form-action to that
redirect too, so on such pages (and only those) form-action also allows Google's authorization origin.

The button marks the request while it renders (allow_google_form_action); GoogleFormActionMiddleware then gives that
response its own policy, the way django.views.decorators.csp.csp_override does for a view (response._csp_config).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.csp import CSP

GOOGLE_AUTHORIZATION_ORIGIN = "https://accounts.google.com"
_FLAG = "_social_google_form_action"


def authorization_origin():
    """The origin of the authorization endpoint: the configured URL, else the OpenID Connect endpoint's origin."""
    for name in ("SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_AUTHORIZATION_URL", "SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_OIDC_ENDPOINT"):
        url = getattr(settings, name, "")
        if url:
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc}"
    return GOOGLE_AUTHORIZATION_ORIGIN


def google_start_policy():
    return {**settings.SECURE_CSP, "form-action": [CSP.SELF, authorization_origin()]}


def allow_google_form_action(request):
    setattr(request, _FLAG, True)


class GoogleFormActionMiddleware:
    """Place it after web.csp.ContentSecurityPolicyMiddleware (so it sees the response first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _FLAG, False) and not hasattr(response, "_csp_config"):
            response._csp_config = google_start_policy()
        return response
