"""Disconnecting Google from an account (the view asks for a recent step-up first)."""

from accounts.flows.login import sign_in_methods
from social.flows.links import google_link, unlink_google

NO_OTHER_WAY_IN = ("Google is the only way to sign in to this account. Set a password first (use “Forgot your "
                   "password?” on the sign-in page) or add a passkey, then disconnect Google.")


def disconnect_google(request, user):
    """None when Google was disconnected; otherwise the reason it was refused, in words for the person."""
    if google_link(user) is None:
        return "Google is not connected to this account."
    if not sign_in_methods(user) - {"google"}:
        # Without a password, a passkey or any other way in, the account would be locked out for good.
        return NO_OTHER_WAY_IN
    unlink_google(request, user)
    return None
