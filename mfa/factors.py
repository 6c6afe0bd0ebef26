"""What second factors a user has: the one answer every rule asks (the login stage, staff enrolment, step-up, the
account page, the admin), so that adding a kind of factor changes one file."""

from mfa import totp
from mfa.models import Passkey


def has_passkey(user):
    return Passkey.objects.filter(user=user).exists()


def has_second_factor(user):
    """Does the user have any second factor: a confirmed authenticator app or a passkey?"""
    return totp.has_confirmed_device(user) or has_passkey(user)


def second_factors(user):
    """Which kinds the user has, for pages that offer them: {"totp": bool, "passkey": bool}."""
    return {"totp": totp.has_confirmed_device(user), "passkey": has_passkey(user)}
