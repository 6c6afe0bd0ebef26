"""POST /api/auth/token: the login page's password check, the second factor, and the shape of every answer."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from accounts.models import KnownDevice
from audit import events
from audit.models import AuthEvent
from tests.api.helpers import TOKEN_URL, get_tokens, me, post_json
from tests.helpers import PASSWORD, make_user, sign_in
from tests.mfa.helpers import authenticator, enrol, start_of_step

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]


def ask(client, **fields):
    return post_json(client, TOKEN_URL, fields)


def test_tokens_come_with_the_oauth_field_names_and_are_never_cached(client, user):
    response = ask(client, email=user.email, password=PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert response["Cache-Control"] == "no-store" and response["Pragma"] == "no-cache"
    assert me(client, body["access_token"]).json()["id"] == user.pk
    assert AuthEvent.objects.filter(user=user, event=events.API_TOKENS_ISSUED).count() == 1


def test_the_email_is_matched_as_the_login_page_matches_it(client, user):
    assert ask(client, email="  ALICE@Example.COM ", password=PASSWORD).status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_answer(client, user):
    wrong = ask(client, email=user.email, password="not the password at all")
    unknown = ask(client, email="nobody@example.com", password=PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"error": "invalid_credentials"}


def test_unverified_and_inactive_accounts_get_no_tokens(client, db):
    make_user("new@example.com", email_verified=False)
    make_user("gone@example.com", is_active=False)
    for email in ("new@example.com", "gone@example.com"):
        assert ask(client, email=email, password=PASSWORD).json() == {"error": "invalid_credentials"}


def test_the_login_lockout_is_shared_with_the_login_page(client, user):
    for _ in range(5):
        client.post("/login/", {"email": user.email, "password": "a wrong password here"})
    response = ask(client, email=user.email, password=PASSWORD)
    assert response.status_code == 429
    assert response.json()["error"] == "too_many_attempts"
    assert int(response["Retry-After"]) > 0


def test_failed_api_attempts_count_towards_the_same_lockout(client, user):
    for _ in range(5):
        assert ask(client, email=user.email, password="a wrong password here").status_code == 401
    assert ask(client, email=user.email, password=PASSWORD).status_code == 429
    assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 429


def test_a_user_with_two_factor_gets_no_token_with_the_password_alone(client, user):
    enrol(user)
    response = ask(client, email=user.email, password=PASSWORD)
    assert response.status_code == 401
    assert response.json() == {"error": "second_factor_required"}
    assert "access_token" not in response.content.decode()


def test_a_wrong_code_gets_invalid_second_factor_and_the_right_one_gets_tokens(client, user):
    device, _ = enrol(user)
    with start_of_step():
        response = ask(client, email=user.email, password=PASSWORD, otp="000000")
        assert response.status_code == 401 and response.json() == {"error": "invalid_second_factor"}
    with start_of_step(offset_steps=2):
        tokens = get_tokens(client, user, otp=authenticator(device).now())
        assert me(client, tokens["access_token"]).status_code == 200


def test_a_code_works_once(client, user):
    device, _ = enrol(user)
    with start_of_step():
        code = authenticator(device).now()
        get_tokens(client, user, otp=code)
        response = ask(client, email=user.email, password=PASSWORD, otp=code)
    assert response.status_code == 401 and response.json() == {"error": "invalid_second_factor"}


def test_a_recovery_code_works_once_instead_of_the_app(client, user):
    _, codes = enrol(user)
    get_tokens(client, user, otp=codes[0])
    assert ask(client, email=user.email, password=PASSWORD, otp=codes[0]).json() == {"error": "invalid_second_factor"}


def test_the_sixth_code_in_fifteen_minutes_gets_429_even_the_right_one(client, user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the device's own back-off is tested below; here only the count
    device, _ = enrol(user)
    with start_of_step() as clock:
        for _ in range(5):
            response = ask(client, email=user.email, password=PASSWORD, otp="123456")
            assert response.status_code == 401 and response.json() == {"error": "invalid_second_factor"}
        refused = ask(client, email=user.email, password=PASSWORD, otp=authenticator(device).now())
        assert refused.status_code == 429 and refused.json()["error"] == "too_many_attempts"
        assert 0 < int(refused["Retry-After"]) <= 15 * 60
        clock.shift(timedelta(minutes=15, seconds=1))
        assert ask(client, email=user.email, password=PASSWORD, otp=authenticator(device).now()).status_code == 200


def test_codes_are_counted_per_account_before_checking(client, user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    enrol(user)
    other = make_user("bob@example.com")
    enrol(other)
    for _ in range(5):
        ask(client, email=user.email, password=PASSWORD, otp="123456")
    assert ask(client, email=user.email, password=PASSWORD, otp="123456").status_code == 429
    # Another account is counted on its own.
    assert ask(client, email=other.email, password=PASSWORD, otp="123456").status_code == 401
    # Without the password nothing is counted at all: a stranger cannot burn the owner's code attempts.
    assert ask(client, email=other.email, password="wrong wrong wrong", otp="1").json() == {
        "error": "invalid_credentials"}


def test_a_wrong_code_does_not_freeze_the_device_for_the_next_right_one(client, user):
    # Only our own per-account limit counts codes; django-otp's per-device back-off is off (issue 10), so someone
    # who knows the password cannot keep the owner's correct codes refused.
    device, _ = enrol(user)
    with start_of_step():
        assert ask(client, email=user.email, password=PASSWORD, otp="000000").status_code == 401
        response = ask(client, email=user.email, password=PASSWORD, otp=authenticator(device).now())
    assert response.status_code == 200 and "access_token" in response.json()


def test_wrong_codes_are_audited_without_the_code(client, user):
    enrol(user)
    ask(client, email=user.email, password=PASSWORD, otp="424242")
    event = AuthEvent.objects.get(user=user, event=events.MFA_FAILED)
    assert event.details["via"] == "api"
    assert "424242" not in json.dumps(event.details)


def test_staff_without_a_second_factor_must_enrol_first(client, staff_user):
    response = ask(client, email=staff_user.email, password=PASSWORD)
    assert response.status_code == 403
    assert response.json() == {"error": "mfa_enrolment_required"}


def test_enrolled_staff_get_tokens_with_a_code_and_use_the_api(client, staff_user):
    device, _ = enrol(staff_user)
    with start_of_step():
        tokens = get_tokens(client, staff_user, otp=authenticator(device).now())
        response = me(client, tokens["access_token"])
    assert response.status_code == 200 and response.json()["is_staff"] is True


@pytest.mark.parametrize(("body", "field"), [
    ("{not json", "body"),
    ("[1, 2]", "body"),
    ('"text"', "body"),
    ("{}", "email"),
    ('{"email": "a@example.com"}', "password"),
    ('{"email": 5, "password": "x"}', "email"),
    ('{"email": "a@example.com", "password": ""}', "password"),
    ('{"email": "a@example.com", "password": "x", "remember": "yes"}', "remember"),
    ('{"email": "a@example.com", "password": "x", "otp": 123456}', "otp"),
    ('{"email": "a@example.com", "password": "x", "username": "a"}', "username"),
    ('{"email": "a\\u0000@example.com", "password": "x"}', "email"),
    ('{"email": "\\ud800@example.com", "password": "x"}', "email"),
    ('{"email": "a@example.com", "password": "%s"}' % ("x" * 1025), "password"),
    ('[' * 100000 + ']' * 100000, "body"),
])
def test_bad_input_is_a_400_naming_the_field(client, db, body, field):
    response = client.post(TOKEN_URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "bad_request"
    assert response.json()["field"] == field


def test_a_form_encoded_body_is_a_400(client, user):
    response = client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 400 and response.json()["field"] == "body"


def test_wrong_method_is_405(client, db):
    response = client.get(TOKEN_URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["error"] == "method_not_allowed"


def test_no_csrf_token_is_needed_and_a_session_cookie_changes_nothing(signed_in_client, user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in_client.cookies
    assert post_json(strict, TOKEN_URL, {"email": user.email, "password": PASSWORD}).status_code == 200


def test_no_signing_key_is_a_calm_503(client, user, keys_file):
    keys_file.unlink()
    response = ask(client, email=user.email, password=PASSWORD)
    assert response.status_code == 503
    assert response.json()["error"] == "service_unavailable"


def test_the_password_never_reaches_the_audit_trail_or_the_reply(client, user):
    ask(client, email=user.email, password="a wrong password here")
    get_tokens(client, user)
    trail = json.dumps(list(AuthEvent.objects.values("details")))
    assert PASSWORD not in trail and "a wrong password here" not in trail
    assert not mail.outbox or all(PASSWORD not in message.body for message in mail.outbox)



MOBILE_APP = "ExampleApp/3.2 (iPhone; iOS 18.1)"


def test_a_sign_in_through_the_api_from_a_new_device_sends_the_new_device_alert(client, user):
    assert sign_in(Client(REMOTE_ADDR="198.51.100.7"), user.email).status_code == 302  # the account's first device
    mail.outbox.clear()
    app = Client(HTTP_USER_AGENT=MOBILE_APP, REMOTE_ADDR="203.0.113.50")
    get_tokens(app, user)
    [message] = mail.outbox
    assert message.to == [user.email] and "New sign-in" in message.subject and "203.0.113.50" in message.body
    assert AuthEvent.objects.filter(user=user, event=events.NEW_DEVICE).count() == 1
    get_tokens(app, user)  # the same app on the same network: known now
    assert len(mail.outbox) == 1


def test_a_refused_api_sign_in_remembers_no_device(client, user):
    assert ask(client, email=user.email, password="not the password at all").status_code == 401
    assert not KnownDevice.objects.filter(user=user).exists()
