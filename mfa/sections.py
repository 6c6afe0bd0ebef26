"""What this app adds to other apps' pages: the account page's two-factor section (settings
AUTHSITE_ACCOUNT_SECTIONS) and the login page's "Sign in with a passkey" (settings AUTHSITE_SIGN_IN_OPTIONS)."""

from django.template.loader import render_to_string

from mfa import totp
from mfa.flows.recovery import recovery_codes_left
from mfa.models import Passkey


def two_factor_status(user):
    """Which second factors are on, how many passkeys and recovery codes: what the account pages show."""
    app = totp.has_confirmed_device(user)
    passkey_count = Passkey.objects.filter(user=user).count()
    enabled = app or passkey_count > 0
    return {"enabled": enabled, "app": app, "passkey_count": passkey_count,
            "codes_left": recovery_codes_left(user) if enabled else 0}


def two_factor_section(request):
    return render_to_string("mfa/account_section.html", two_factor_status(request.user), request=request)


def passkey_sign_in_option(request, next_url, page):
    """The login page's passwordless entry (settings AUTHSITE_SIGN_IN_OPTIONS): a form that the page's script fills
    with a passkey assertion. Hidden without JavaScript (and in browsers without WebAuthn); it issues no challenge
    until it is used. Not on the sign-up page: a passkey is added to an account that exists."""
    if page != "login":
        return ""
    return render_to_string("mfa/passkey_login_section.html", {"next": next_url}, request=request)
