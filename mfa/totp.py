"""TOTP devices (django-otp's TOTPDevice): the provisioning URI, its QR code, and a replay-proof check.

The secret is 20 bytes from os.urandom (django-otp's default key). The URI follows the Key Uri Format that
authenticator apps read: otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30.
"""

from base64 import b32encode
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.flows.outcome import Outcome
from mfa.conf import mfa_settings

DEVICE_NAME = "Authenticator app"


def issuer():
    return (mfa_settings.TOTP_ISSUER or settings.SITE_NAME).replace(":", "")


def secret_base32(device):
    """The secret as authenticator apps want it typed: base32 without padding."""
    return b32encode(device.bin_key).decode().rstrip("=")


def provisioning_uri(device):
    label = f"{issuer()}:{device.user.email}"
    params = {"secret": secret_base32(device), "issuer": issuer(), "algorithm": "SHA1",
              "digits": device.digits, "period": device.step}
    return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"


def qr_svg(uri):
    """The URI as an inline SVG QR code: paths and presentation attributes only, so CSP style-src 'self' holds."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    if "style=" in svg:  # a future qrcode version must not smuggle in inline styles the CSP would block
        raise ValueError("QR code SVG carries inline styles")
    return svg


def has_confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def verify_code(device_queryset, code):
    """Outcome.ACCEPTED or WRONG for a TOTP code against the first device of the queryset.

    django-otp's verify_token reads last_t, compares and saves: a read-modify-write. The row lock makes it atomic,
    so one code is accepted once even when parallel requests on several servers carry it.

    Guessing is limited by the callers' own counters (per pending login and per IP at login, the per-user step-up
    limit, the enrolment limit), not by django-otp's per-device back-off, which settings turn off
    (OTP_TOTP_THROTTLE_FACTOR = 0): that back-off let anyone with the password keep the owner's correct codes
    refused, and made a new user's correct code fail right after one typo.
    """
    code = "".join(code.split())
    with transaction.atomic():
        device = device_queryset.select_for_update().first()
        if device is None:
            return Outcome.WRONG
        return Outcome.ACCEPTED if code.isdigit() and device.verify_token(code) else Outcome.WRONG
