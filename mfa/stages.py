"""The login stage this app adds (settings AUTHSITE_LOGIN_STAGES): a user with a second factor (an authenticator
app or a passkey) must show it."""

from django.urls import reverse

from accounts.flows.login import stage_done
from mfa.factors import has_second_factor

#: The stage's name in the login pipeline (complete_stage(request, STAGE, method=...)).
STAGE = "second_factor"


def second_factor(request, user, pending):
    """The code page's URL while the pending login still owes a second factor; None when there is nothing to ask."""
    if stage_done(pending, STAGE) or not has_second_factor(user):
        return None
    return reverse("mfa:login_code")
