"""Enforcement: a signed-in staff user without a second factor is sent to set one up, from every page."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from accounts.flows.login import sign_out
from mfa.factors import has_second_factor
from mfa.policy import must_enrol
from mfa.session import second_factor_verified
from web.errors import error_response, wants_json

# What an unenrolled staff user may still reach: the setups (an app or a passkey, which asks for step-up) and the
# way out.
EXEMPT_VIEWS = {"mfa:setup", "mfa:passkeys", "mfa:passkey_register_options", "mfa:passkey_register",
                "accounts:reauth", "accounts:logout", "health"}
ENROL_MESSAGE = "Your account must use two-factor authentication. Set it up to continue."


class EnrolmentRequiredMiddleware:
    """Runs after LoginBoundaryMiddleware. Costs no query once the session carries a verified second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "bearer_claims", None) is not None:
            # An API request authenticated by an access token (api.middleware), not by this session: the API issues
            # tokens to staff only after their second factor, and refuses unenrolled staff outright.
            return None
        user = request.user
        if not must_enrol(user) or second_factor_verified(request):
            return None
        if request.resolver_match and request.resolver_match.view_name in EXEMPT_VIEWS:
            return None
        if has_second_factor(user):
            # Enrolled elsewhere after this session signed in with a password only: sign in again, with the code.
            sign_out(request)
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}")
        if wants_json(request):
            return error_response(request, 403, ENROL_MESSAGE)
        return redirect("mfa:setup")
