"""Password change: current password required; this session stays (new id), every other one ends; mail; audit."""

import pytest
from django.test import Client

from accounts.sessions import index as session_index
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline

NEW_PASSWORD = "violet engine pasture 73"


def change(client, current=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post("/account/password/", {"current_password": current, "new_password1": new,
                                              "new_password2": new if again is None else again})


@pytest.fixture
def second_browser(user):
    other = Client()
    assert other.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    return other


def test_password_change_needs_the_current_password(signed_in_client, user, mailoutbox):
    response = change(signed_in_client, current="not my password at all")
    assert response.status_code == 400 and b"current password is not correct" in response.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and mailoutbox == []


def test_password_change_refuses_a_weak_new_password(signed_in_client, user):
    response = change(signed_in_client, new="password1234")
    assert response.status_code == 400 and b"too common" in response.content
    response = change(signed_in_client, again="a different new passphrase")
    assert response.status_code == 400 and b"do not match" in response.content


def test_password_change_keeps_this_session_with_a_new_id(signed_in_client, user):
    old_key = signed_in_client.session.session_key
    response = change(signed_in_client)
    assert response.status_code == 302 and response["Location"] == "/account/"
    new_key = signed_in_client.session.session_key
    assert new_key != old_key
    assert signed_in_client.get("/account/").status_code == 200
    assert session_index.keys(user.pk) == [new_key]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_signs_out_every_other_session(signed_in_client, second_browser, user):
    assert second_browser.get("/account/").status_code == 200
    change(signed_in_client)
    response = second_browser.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_password_change_notifies_the_owner_and_is_audited(signed_in_client, user, mailoutbox):
    change(signed_in_client, new=NEW_PASSWORD)
    (message,) = mailoutbox
    assert message.to == [user.email] and "password was changed" in message.subject
    assert "changed from your account page" in message.body
    assert "From IP address: 127.0.0.1" in message.body
    assert "https://authsite.test/password/reset/" in message.body  # the footer says what to do if it was not you
    assert NEW_PASSWORD not in message.body
    event = AuthEvent.objects.get(event=events.PASSWORD_CHANGED)
    assert event.user == user and NEW_PASSWORD not in str(event.details)


def test_empty_password_change_submission_says_what_is_missing(signed_in_client):
    response = signed_in_client.post("/account/password/", {})
    assert response.status_code == 400 and response.content.count(b"This field is required.") == 3


def test_password_change_needs_sign_in(client, db):
    response = client.get("/account/password/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_account_page_links_to_password_change(signed_in_client):
    assert b'href="/account/password/"' in signed_in_client.get("/account/").content
