"""The "Sign in with Google" form under the login and sign-up forms (settings AUTHSITE_SIGN_IN_OPTIONS)."""

from django.template.loader import render_to_string

from social.backends import google_configured
from social.csp import allow_google_form_action


def google_button(request, next_url, page):
    if not google_configured():
        return ""  # no client id and secret: no button
    allow_google_form_action(request)
    return render_to_string("social/google_button.html", {"next": next_url, "page": page}, request=request)
