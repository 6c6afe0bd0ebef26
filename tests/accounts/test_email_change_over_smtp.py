"""Email change with mail over real SMTP (aiosmtpd on loopback), sent by a real mail worker as in production."""

import pytest

from tests.helpers import PASSWORD, make_user, path_of, sign_in
from tests.smtp import body_of, link_in, smtp_server
from tests.workers import db_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox():
    with smtp_server() as (received, port), db_worker(port):
        yield received


def signs_in(email):
    from django.test import Client

    return sign_in(Client(), email, PASSWORD).status_code == 302


def test_the_new_address_gets_the_link_the_old_one_the_notices(client, inbox):
    make_user("old@example.com")
    sign_in(client, "old@example.com", PASSWORD)
    assert client.post("/account/email/", {"new_email": "new@example.com"}).status_code == 302
    inbox.wait_for(2)
    link = link_in(body_of(inbox.last_to("new@example.com")), "/account/email/confirm/")
    notice = inbox.last_to("old@example.com")
    assert "change of your email address was requested" in notice["Subject"]
    assert "new@example.com" in body_of(notice)
    assert signs_in("old@example.com") and not signs_in("new@example.com")

    assert client.get(path_of(link))["Location"] == "/account/"
    inbox.wait_for(3)
    changed = inbox.last_to("old@example.com")
    assert "your email address was changed" in changed["Subject"]
    assert signs_in("new@example.com") and not signs_in("old@example.com")
