"""One notion of "has a second factor", for every app that must ask (the API's token endpoint, enforcement, ...)."""

from mfa import totp


def has_second_factor(user):
    return totp.has_confirmed_device(user)
