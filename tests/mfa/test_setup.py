"""Turning two-factor on: a QR code of a standard URI, active only after a valid code, the secret shown once."""

import html
import re
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import events
from audit.models import AuthEvent
from mfa.flows.setup import pending_device
from mfa.models import RecoveryCode
from tests.helpers import make_user
from tests.mfa.helpers import SETUP_PAGE, start_of_step
from tests.mfa.qr import modules_for, svg_modules

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline


def setup_page(client):
    response = client.get(SETUP_PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    uri = html.unescape(re.search(r'id="totp-uri" href="([^"]+)"', body).group(1))
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")  # shown in groups of four
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    return body, uri, secret, svg


def test_qr_code_decodes_to_the_otpauth_uri_with_the_site_as_issuer(signed_in_client, user, settings):
    _, uri, secret, svg = setup_page(signed_in_client)
    assert svg_modules(svg) == modules_for(uri)
    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert query["issuer"] == [settings.SITE_NAME]
    assert query["secret"] == [secret]
    assert user.email in html.unescape(parts.path).replace("%40", "@")
    assert len(b32decode(secret + "=" * (-len(secret) % 8))) == 20  # 160 bits


def test_qr_svg_has_no_inline_style_the_csp_would_block(signed_in_client):
    response = signed_in_client.get(SETUP_PAGE)
    _, _, _, svg = setup_page(signed_in_client)
    assert "style=" not in svg
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_code_computed_by_pyotp_from_the_uri_turns_two_factor_on_with_a_new_session_id(signed_in_client, user):
    _, uri, _, _ = setup_page(signed_in_client)
    before = signed_in_client.session.session_key
    response = signed_in_client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()})
    assert response.status_code == 200
    codes = re.findall(r"<code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code>", response.content.decode())
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert signed_in_client.session.session_key != before
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() == 10
    assert AuthEvent.objects.filter(user=user, event=events.MFA_ENABLED).exists()
    assert [m.to for m in mail.outbox] == [[user.email]] and "turned on" in mail.outbox[0].subject


def test_device_stays_off_until_a_valid_code_is_typed(signed_in_client, user):
    setup_page(signed_in_client)
    response = signed_in_client.post(SETUP_PAGE, {"code": "000000"})
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert b'value="000000"' not in response.content  # a code is never rendered back


def test_reloading_setup_keeps_the_same_secret_until_confirmed(signed_in_client):
    assert setup_page(signed_in_client)[2] == setup_page(signed_in_client)[2]


def test_secret_is_never_shown_again_after_setup(signed_in_client, user):
    with start_of_step():
        _, uri, secret, _ = setup_page(signed_in_client)
        signed_in_client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()})
        again = signed_in_client.get(SETUP_PAGE)
        assert again.status_code == 302
        for path in ("/account/two-factor/", "/account/"):
            page = signed_in_client.get(path)
            assert page.status_code == 200
            assert secret.encode() not in page.content and b"otpauth" not in page.content
            assert secret[:8].encode() not in page.content.replace(b" ", b"")  # nor in groups of four


def test_secrets_are_random_per_user(db):
    keys = {pending_device(make_user(f"u{i}@example.com")).key for i in range(5)}
    assert len(keys) == 5
