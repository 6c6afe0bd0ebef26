"""What second factors a user has: the one answer every rule asks (the login stage, staff enrolment, step-up, the
account page, the admin), so that adding a kind of factor changes one file."""

from mfa import totp
from mfa.models import Passkey


def has_passkey(user):
    return Passkey.objects.filter(user=user).exists()


def passkey_sign_in_method(user):
    """settings AUTHSITE_SIGN_IN_METHODS: a passkey signs in on its own (passwordless)."""
    return "passkey" if has_passkey(user) else None


def has_second_factor(user):
    """Does the user have any second factor: a confirmed authenticator app or a passkey?"""
    return totp.has_confirmed_device(user) or has_passkey(user)


def second_factors(user):
    """Which kinds the user has, for pages that offer them: {"totp": bool, "passkey": bool}."""
    return {"totp": totp.has_confirmed_device(user), "passkey": has_passkey(user)}
