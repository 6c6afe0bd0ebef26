"""The two-factor section of the account page (settings AUTHSITE_ACCOUNT_SECTIONS)."""

from django.template.loader import render_to_string

from mfa import totp
from mfa.flows.recovery import recovery_codes_left


def two_factor_section(request):
    user = request.user
    enabled = totp.has_confirmed_device(user)
    context = {"enabled": enabled, "codes_left": recovery_codes_left(user) if enabled else 0}
    return render_to_string("mfa/account_section.html", context, request=request)
