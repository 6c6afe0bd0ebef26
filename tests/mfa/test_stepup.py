"""Step-up: turning two-factor off and regenerating codes need a password or app code from the last 5 minutes."""

from datetime import timedelta

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import events
from audit.models import AuthEvent
from mfa.models import RecoveryCode
from tests.helpers import PASSWORD
from tests.mfa.helpers import authenticator, sign_in_with_code, start_of_step

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline

DISABLE = "/account/two-factor/disable/"
REGENERATE = "/account/two-factor/recovery-codes/"
REAUTH_FOR_DISABLE = "/reauth/?next=%2Faccount%2Ftwo-factor%2Fdisable%2F"


@pytest.fixture
def clock():
    with start_of_step() as traveller:
        yield traveller


@pytest.fixture
def two_factor_client(client, enrolled, clock):
    user, device, _ = enrolled
    assert sign_in_with_code(client, user, authenticator(device).now()).status_code == 302
    return client


def test_fresh_login_may_turn_two_factor_off(two_factor_client, enrolled):
    user, _, _ = enrolled
    assert two_factor_client.get(DISABLE).status_code == 200
    response = two_factor_client.post(DISABLE)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not RecoveryCode.objects.filter(user=user).exists()
    assert AuthEvent.objects.filter(user=user, event=events.MFA_DISABLED).exists()
    assert mail.outbox[-1].to == [user.email] and "turned off" in mail.outbox[-1].subject


@pytest.mark.parametrize("path", [DISABLE, REGENERATE])
def test_login_older_than_five_minutes_is_asked_again(two_factor_client, enrolled, clock, path):
    user, _, codes = enrolled
    clock.shift(timedelta(minutes=5, seconds=1))
    response = two_factor_client.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/reauth/?next=")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() == 10


def test_password_again_allows_the_change_and_renews_the_session_id(two_factor_client, enrolled, clock):
    user, _, _ = enrolled
    clock.shift(timedelta(minutes=6))
    assert two_factor_client.get(DISABLE)["Location"] == REAUTH_FOR_DISABLE
    before = two_factor_client.session.session_key
    response = two_factor_client.post(REAUTH_FOR_DISABLE, {
        "method": "password", "password-secret": PASSWORD, "password-next": "/account/two-factor/disable/"})
    assert response.status_code == 302 and response["Location"] == DISABLE
    assert two_factor_client.session.session_key != before
    assert two_factor_client.post(DISABLE).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuthEvent.objects.filter(user=user, event=events.REAUTH_SUCCEEDED, details__method="password").exists()


def test_authenticator_code_also_passes_step_up(two_factor_client, enrolled, clock):
    _, device, _ = enrolled
    clock.shift(timedelta(minutes=6))
    page = two_factor_client.get(REAUTH_FOR_DISABLE)
    assert b"authenticator app" in page.content
    response = two_factor_client.post(REAUTH_FOR_DISABLE, {
        "method": "totp", "totp-secret": authenticator(device).now(), "totp-next": DISABLE})
    assert response.status_code == 302 and response["Location"] == DISABLE
    assert two_factor_client.get(DISABLE).status_code == 200


def test_step_up_window_is_five_minutes_from_the_last_check(two_factor_client, clock):
    clock.shift(timedelta(minutes=4, seconds=59))
    assert two_factor_client.get(DISABLE).status_code == 200
    clock.shift(timedelta(seconds=2))
    assert two_factor_client.get(DISABLE).status_code == 302


def test_wrong_password_at_step_up_is_refused_and_audited(two_factor_client, enrolled, clock):
    user, _, _ = enrolled
    clock.shift(timedelta(minutes=6))
    response = two_factor_client.post(REAUTH_FOR_DISABLE, {"method": "password", "password-secret": "wrong guess"})
    assert response.status_code == 400 and b"did not match" in response.content
    assert b"wrong guess" not in response.content
    assert two_factor_client.get(DISABLE).status_code == 302
    assert AuthEvent.objects.filter(user=user, event=events.REAUTH_FAILED).count() == 1


def test_step_up_stops_guessing_after_five_failures(two_factor_client, clock):
    clock.shift(timedelta(minutes=6))
    for _ in range(5):
        two_factor_client.post("/reauth/", {"method": "password", "password-secret": "wrong guess"})
    response = two_factor_client.post("/reauth/", {"method": "password", "password-secret": PASSWORD})
    assert response.status_code == 429 and "Retry-After" in response


def test_a_method_not_offered_to_the_user_is_refused(signed_in_client, clock):
    clock.shift(timedelta(minutes=6))
    response = signed_in_client.post("/reauth/", {"method": "totp", "totp-secret": "123456"})
    assert response.status_code == 400
    assert b"authenticator app" not in signed_in_client.get("/reauth/").content


def test_step_up_sends_json_clients_a_403(two_factor_client, clock):
    clock.shift(timedelta(minutes=6))
    response = two_factor_client.post(DISABLE, HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_step_up_returns_only_to_a_path_on_this_site(two_factor_client, clock):
    clock.shift(timedelta(minutes=6))
    response = two_factor_client.post("/reauth/", {
        "method": "password", "password-secret": PASSWORD, "password-next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
