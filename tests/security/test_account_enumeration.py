"""Sign-up, reset request and login answer the same bytes for existing and unknown emails (apart from CSRF tokens)."""

import pytest

from tests.helpers import PASSWORD, without_csrf

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline

EXISTING = "alice@example.com"
UNKNOWN = "nobody@example.com"
NEW_PASSWORD = "meadow copper violin 314"


def comparable(response, typed_email=None):
    """Status, headers, cookie names and the body, with the CSRF token and the typed address blanked.

    Date and Expires follow the clock; Content-Length follows the typed address's length (the body is compared).
    """
    body = without_csrf(response.content)
    if typed_email:
        body = body.replace(typed_email.encode(), b"EMAIL")
    skipped = {"Date", "Expires", "Set-Cookie", "Content-Length"}
    headers = {name: value for name, value in response.headers.items() if name not in skipped}
    return response.status_code, headers, sorted(response.cookies), body


def signup(client, email):
    return client.post("/signup/", {"email": email, "display_name": "Someone", "new_password1": NEW_PASSWORD,
                                    "new_password2": NEW_PASSWORD}, follow=True)


def reset(client, email):
    return client.post("/password/reset/", {"email": email}, follow=True)


def login(client, email):
    return client.post("/login/", {"email": email, "password": PASSWORD + " wrong"})


@pytest.mark.parametrize("submit", [signup, reset, login], ids=["signup", "reset", "login"])
def test_reply_is_identical_for_existing_and_unknown_email(submit, client, user, django_user_model, mailoutbox):
    from django.test import Client

    existing = submit(Client(), EXISTING)
    unknown = submit(Client(), UNKNOWN)
    assert comparable(existing, EXISTING) == comparable(unknown, UNKNOWN)
    if submit is not login:
        assert existing.redirect_chain == unknown.redirect_chain and len(existing.redirect_chain) == 1
        assert b"Check your email" in existing.content


def test_login_reply_is_identical_for_unverified_inactive_and_unknown(client, django_user_model, db):
    from django.test import Client

    from tests.helpers import make_user

    make_user("pending@example.com", email_verified=False)
    make_user("gone@example.com", is_active=False)
    replies = {
        email: comparable(Client().post("/login/", {"email": email, "password": PASSWORD}), email)
        for email in ("pending@example.com", "gone@example.com", "nobody@example.com")
    }
    assert len(set(map(repr, replies.values()))) == 1
