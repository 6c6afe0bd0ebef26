"""One notion of "has a second factor", for every app that asks (login stages, the admin, the API)."""

from mfa import totp


def has_second_factor(user):
    return totp.has_confirmed_device(user)
