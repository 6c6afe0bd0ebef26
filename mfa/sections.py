"""The two-factor section of the account page (settings AUTHSITE_ACCOUNT_SECTIONS)."""

from django.template.loader import render_to_string

from mfa import totp
from mfa.flows.recovery import recovery_codes_left


def two_factor_status(user):
    """Whether two-factor is on, and how many recovery codes are left: what the account pages show."""
    enabled = totp.has_confirmed_device(user)
    return {"enabled": enabled, "codes_left": recovery_codes_left(user) if enabled else 0}


def two_factor_section(request):
    return render_to_string("mfa/account_section.html", two_factor_status(request.user), request=request)
