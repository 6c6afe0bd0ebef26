"""The login stage this app adds (settings AUTHSITE_LOGIN_STAGES): a user with a device must type a code."""

from django.urls import reverse

from mfa import totp
from mfa.flows.challenge import PASSED


def second_factor(request, user, pending):
    """The code page's URL while the pending login still owes a second factor; None when there is nothing to ask."""
    if pending.get(PASSED) or not totp.has_confirmed_device(user):
        return None
    return reverse("mfa:login_code")
