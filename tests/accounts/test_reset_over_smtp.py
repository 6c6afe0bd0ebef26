"""The reset mail over real SMTP (aiosmtpd on loopback): the link in the delivered message is what the user follows.

Tasks run inline here (tasks_inline); the same path through a real worker process is in tests/taskqueue.
"""

import pytest
import time_machine
from django.utils import timezone

from tests.helpers import PASSWORD, path_of
from tests.smtp import body_of, link_in, smtp_mailers, smtp_server

pytestmark = pytest.mark.tasks_inline

NEW_PASSWORD = "lighthouse saffron 2041"


@pytest.fixture
def inbox(settings):
    with smtp_server() as (received, port):
        settings.MAILERS = smtp_mailers(port)
        yield received


def mailed_reset_path(client, inbox, email):
    client.post("/password/reset/", {"email": email})
    message = inbox.last_to(email)
    assert message["Subject"].startswith("Reset your")
    return path_of(link_in(body_of(message), "/password/reset/"))


def test_smtp_reset_mail_link_sets_a_new_password_once(client, user, inbox):
    path = mailed_reset_path(client, inbox, user.email)
    assert client.get(path)["Location"] == "/password/reset/set/"
    response = client.post("/password/reset/set/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/login/"
    assert client.post("/login/", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302
    assert client.get(path).status_code == 400  # the same link again
    notice = inbox.messages[-1]
    assert "password was changed" in notice["Subject"] and NEW_PASSWORD not in body_of(notice)


def test_smtp_reset_link_issued_before_a_password_change_fails(client, signed_in_client, user, inbox):
    path = mailed_reset_path(client, inbox, user.email)
    signed_in_client.post("/account/password/", {"current_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                                 "new_password2": NEW_PASSWORD})
    assert client.get(path).status_code == 400


def test_smtp_reset_link_past_one_hour_fails(client, user, inbox):
    path = mailed_reset_path(client, inbox, user.email)
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1, seconds=1)):
        assert client.get(path).status_code == 400


def test_smtp_reset_mail_never_carries_the_request_host(client, user, inbox, settings):
    settings.ALLOWED_HOSTS = ["evil.example"]
    client.post("/password/reset/", {"email": user.email}, HTTP_HOST="evil.example")
    message = inbox.last_to(user.email)
    raw = message.as_string()
    assert "evil.example" not in raw
    assert link_in(body_of(message), "/password/reset/").startswith("https://authsite.test/password/reset/")
