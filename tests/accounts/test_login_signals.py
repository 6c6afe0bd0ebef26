"""Django's login signals fire as with django.contrib.auth, so third-party listeners (auditing, metrics) work."""

import pytest
from django.contrib.auth.signals import user_logged_in, user_login_failed

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def on_failed(sender, credentials, request=None, **kwargs):
        calls.append(("failed", credentials, request))

    def on_logged_in(sender, request, user, **kwargs):
        calls.append(("logged_in", user, request))

    user_login_failed.connect(on_failed)
    user_logged_in.connect(on_logged_in)
    yield calls
    user_login_failed.disconnect(on_failed)
    user_logged_in.disconnect(on_logged_in)


def test_a_wrong_password_sends_user_login_failed_without_the_password(client, user, heard):
    client.post("/login/", {"email": " Alice@Example.com", "password": "the wrong secret words"})
    [(kind, credentials, request)] = heard
    assert kind == "failed"
    assert credentials == {"email": "alice@example.com"}
    assert request.path == "/login/"
    assert "the wrong secret words" not in repr(credentials)


def test_an_unknown_email_sends_user_login_failed_too(client, db, heard):
    client.post("/login/", {"email": "nobody@example.com", "password": PASSWORD})
    assert [(kind, credentials) for kind, credentials, _ in heard] == [("failed", {"email": "nobody@example.com"})]


def test_a_successful_sign_in_sends_user_logged_in_once(client, user, heard):
    assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    [(kind, who, request)] = heard
    assert kind == "logged_in" and who == user and request.path == "/login/"


def test_user_logged_in_waits_for_the_second_factor(client, user, heard):
    """With a second factor pending nobody is signed in yet: the signal comes once the code is accepted."""
    from tests.mfa.helpers import authenticator, enrol, password_step, start_of_step

    device, _ = enrol(user)
    with start_of_step():
        password_step(client, user)
        assert heard == []
        assert client.post("/login/code/", {"code": authenticator(device).now()}).status_code == 302
    assert [(kind, who) for kind, who, _ in heard] == [("logged_in", user)]
