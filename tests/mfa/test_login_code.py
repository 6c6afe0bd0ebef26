"""The second login step: nothing is reachable before the code; a code works once; wrong codes end the login."""

from datetime import timedelta

import pytest
from django.core import mail

from audit import events
from audit.models import AuthEvent
from tests.helpers import is_signed_in
from tests.mfa.helpers import CODE_PAGE, authenticator, password_step, sign_in_with_code, start_of_step
from tests.urlwalk import is_api, sample_paths
from web.decorators import is_public

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline


def test_password_alone_leads_to_the_code_page_not_a_session(client, enrolled):
    user, _, _ = enrolled
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    assert not is_signed_in(client)


def test_after_a_password_only_every_non_public_url_refuses_the_user(client, enrolled):
    user, _, _ = enrolled
    password_step(client, user)
    protected = {path for path, view in sample_paths().items() if not is_public(view)}
    assert {"/account/", "/admin/", "/account/two-factor/disable/"} <= protected
    for path in sorted(protected):
        response = client.get(path)
        if is_api(path):  # the API ignores the session altogether
            assert response.status_code == 401, path
        else:
            assert response.status_code == 302 and response["Location"].startswith("/login/?next="), path
        api = client.get(path, HTTP_ACCEPT="application/json")
        assert api.status_code == 401 and api.json() == {"error": "not_authenticated"}, path
    assert client.get(CODE_PAGE).status_code == 200  # still waiting for the code, nothing else granted


def test_code_from_the_app_signs_in_with_a_new_session_id(client, enrolled):
    user, device, _ = enrolled
    password_step(client, user)
    pending_id = client.session.session_key
    response = client.post(CODE_PAGE, {"code": authenticator(device).now()})
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_signed_in(client) and client.session.session_key != pending_id
    assert client.get("/account/").status_code == 200
    assert AuthEvent.objects.filter(user=user, event=events.MFA_VERIFIED, details__method="totp").exists()


def test_next_survives_the_code_page(client, enrolled):
    user, device, _ = enrolled
    code_page = password_step(client, user, next_url="/account/two-factor/")["Location"]
    assert code_page == f"{CODE_PAGE}?next=%2Faccount%2Ftwo-factor%2F"
    next_field = client.get(code_page).context["form"]["next"].value()
    response = client.post(code_page, {"code": authenticator(device).now(), "next": next_field})
    assert response["Location"] == "/account/two-factor/"


def test_code_that_signed_in_once_fails_on_a_second_login_in_the_same_step(client, enrolled):
    user, device, _ = enrolled
    with start_of_step():
        code = authenticator(device).now()
        assert sign_in_with_code(client, user, code).status_code == 302
        client.post("/logout/")
        replay = sign_in_with_code(client, user, code)
        assert replay.status_code == 400 and b"not valid" in replay.content
        assert not is_signed_in(client)


def test_wrong_code_comes_back_as_400_without_the_code(client, enrolled):
    user, _, _ = enrolled
    response = sign_in_with_code(client, user, "123456")
    assert response.status_code == 400
    assert b'value="123456"' not in response.content
    assert not is_signed_in(client)


def test_five_wrong_codes_end_the_pending_login(client, enrolled):
    user, device, _ = enrolled
    with start_of_step() as clock:
        password_step(client, user)
        for _ in range(4):
            assert client.post(CODE_PAGE, {"code": "000000"}).status_code == 400
        ended = client.post(CODE_PAGE, {"code": "000000"})
        assert ended.status_code == 302 and ended["Location"] == "/login/"
        clock.shift(60)
        late = client.post(CODE_PAGE, {"code": authenticator(device).now()})
        assert late.status_code == 302 and late["Location"] == "/login/"
        assert not is_signed_in(client)
    assert AuthEvent.objects.filter(user=user, event=events.MFA_LOGIN_ENDED).count() == 1


def test_pending_login_expires_after_ten_minutes(client, enrolled):
    user, device, _ = enrolled
    with start_of_step() as clock:
        password_step(client, user)
        clock.shift(timedelta(minutes=10, seconds=1))
        response = client.post(CODE_PAGE, {"code": authenticator(device).now()})
        assert response.status_code == 302 and response["Location"] == "/login/"
        assert not is_signed_in(client)


def test_recovery_code_signs_in_once_and_is_audited_and_emailed(client, enrolled):
    user, _, codes = enrolled
    response = sign_in_with_code(client, user, codes[0].upper().replace("-", " "))
    assert response.status_code == 302 and is_signed_in(client)
    assert AuthEvent.objects.get(user=user, event=events.MFA_RECOVERY_USED).details == {"remaining": 9}
    assert "recovery code was used" in mail.outbox[-1].subject and "left: 9" in mail.outbox[-1].body
    assert codes[0] not in mail.outbox[-1].body
    client.post("/logout/")
    assert sign_in_with_code(client, user, codes[0]).status_code == 400


def test_user_without_a_device_signs_in_with_the_password_alone(client, user):
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_signed_in(client)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_code_page_allows_only_get_and_post(client, enrolled, method):
    user, _, _ = enrolled
    password_step(client, user)
    assert getattr(client, method)(CODE_PAGE).status_code == 405
