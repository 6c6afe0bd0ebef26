"""The Google section of the account page (settings AUTHSITE_ACCOUNT_SECTIONS)."""

from django.template.loader import render_to_string

from social.backends import google_configured
from social.csp import allow_google_form_action
from social.flows.links import google_link


def google_section(request):
    user = request.user
    link = google_link(user)
    if not google_configured() and link is None:
        return ""
    if link is None:
        allow_google_form_action(request)  # the "Connect Google" form starts a Google sign-in
    return render_to_string("social/account_section.html", {
        "linked": link is not None,
        "linked_since": link.created if link is not None else None,
        "has_password": user.has_usable_password(),
        "configured": google_configured(),
    }, request=request)
