"""Helpers for two-factor tests: enrol a user, compute codes independently (pyotp), sign in step by step."""

import time
from datetime import UTC, datetime

import pyotp
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa import totp
from mfa.flows.recovery import issue_recovery_codes
from tests.helpers import PASSWORD

CODE_PAGE = "/login/code/"
SETUP_PAGE = "/account/two-factor/setup/"


def enrol(user):
    """A confirmed device and a fresh set of recovery codes, as if the user had set them up. (device, codes)."""
    device = TOTPDevice.objects.create(user=user, name=totp.DEVICE_NAME, confirmed=True)
    return device, issue_recovery_codes(user)


def authenticator(device):
    """An independent TOTP implementation reading the same URI an authenticator app would."""
    return pyotp.parse_uri(totp.provisioning_uri(device))


def start_of_step(offset_steps=0):
    """A frozen clock one second into a fresh 30-second step (so a test's codes cannot straddle a boundary)."""
    step = int(time.time()) // 30 + 1 + offset_steps
    return time_machine.travel(datetime.fromtimestamp(step * 30 + 1, tz=UTC), tick=False)


def password_step(client, user, password=PASSWORD, next_url=None):
    data = {"email": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def sign_in_with_code(client, user, code):
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE), response
    return client.post(CODE_PAGE, {"code": code})
