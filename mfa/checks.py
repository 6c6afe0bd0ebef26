"""Start-up checks of the two-factor app."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_device_back_off_is_off(app_configs=None, **kwargs):
    """django-otp's per-device back-off must stay off: wrong codes typed by someone who knows only the password would
    otherwise keep the owner's correct codes refused. Guessing is limited per pending login and per IP instead."""
    if getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1) != 0:
        return [Error("OTP_TOTP_THROTTLE_FACTOR must be 0: authsite limits code guesses itself (mfa/conf.py), and "
                      "django-otp's per-device back-off lets an attacker freeze the owner's authenticator.",
                      id="mfa.E001")]
    return []
