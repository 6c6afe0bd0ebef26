"""Changing one's email address: step-up first, a 24-hour single-use link to the new address, a notice to the old
one (which keeps working until the link is opened), other sessions end, audited, and the same reply for an address
that already has an account."""

import time

import pytest
import time_machine
from django.test import Client

from accounts.sessions import index as session_index
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, mail_link, make_user, path_of, without_csrf

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]

NEW = "alice.new@example.com"
CONFIRM_PATH = "/account/email/confirm/"


def ask(client, new_email=NEW):
    return client.post("/account/email/", {"new_email": new_email})


def signs_in(email, password=PASSWORD):
    return Client().post("/login/", {"email": email, "password": password}).status_code == 302


def mail_to(mailoutbox, address):
    found = [message for message in mailoutbox if message.to == [address]]
    assert len(found) == 1, [(m.to, m.subject) for m in mailoutbox]
    return found[0]


def test_the_page_needs_a_recent_step_up(signed_in_client):
    with time_machine.travel(time.time() + 6 * 60, tick=False):
        response = signed_in_client.get("/account/email/")
        assert response.status_code == 302 and response["Location"] == "/reauth/?next=%2Faccount%2Femail%2F"
        assert ask(signed_in_client).status_code == 302
    assert AuthEvent.objects.filter(event=events.EMAIL_CHANGE_REQUESTED).count() == 0


def test_the_account_page_links_to_it(signed_in_client):
    assert b'href="/account/email/"' in signed_in_client.get("/account/").content


def test_the_new_address_gets_the_link_and_the_old_one_a_notice_and_keeps_working(signed_in_client, user,
                                                                                  mailoutbox):
    response = ask(signed_in_client, "  Alice.New@Example.COM ")
    assert response.status_code == 302 and response["Location"] == "/account/email/sent/"
    link = mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH)
    assert link.startswith("https://authsite.test/account/email/confirm/")
    notice = mail_to(mailoutbox, user.email)
    assert NEW in notice.body and "Nothing has changed yet" in notice.body
    # Before the link is opened: the old address signs in, the new one does not.
    assert signs_in("alice@example.com") and not signs_in(NEW)
    user.refresh_from_db()
    assert user.email == "alice@example.com"

    mailoutbox.clear()
    opened = Client().get(path_of(link))  # opened in the mail app's browser, where nobody is signed in
    assert opened.status_code == 302 and opened["Location"] == "/login/"
    user.refresh_from_db()
    assert user.email == NEW and user.email_verified
    assert signs_in(NEW) and not signs_in("alice@example.com")
    changed = mail_to(mailoutbox, "alice@example.com")  # the old address hears that the account moved
    assert "changed from alice@example.com to alice.new@example.com" in changed.body


def test_the_change_is_audited_without_secrets(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    link = mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH)
    Client().get(path_of(link))
    requested = AuthEvent.objects.get(event=events.EMAIL_CHANGE_REQUESTED)
    assert requested.user == user and requested.details == {"new_email": NEW}
    completed = AuthEvent.objects.get(event=events.EMAIL_CHANGED)
    assert completed.details == {"old_email": "alice@example.com", "new_email": NEW}
    secret = path_of(link).rstrip("/").rsplit("/", 1)[-1]
    assert secret not in str(list(AuthEvent.objects.values("details")))


def test_opening_the_link_signed_in_keeps_this_session_with_a_new_id_and_ends_the_others(signed_in_client, user,
                                                                                         mailoutbox):
    other = Client()
    assert other.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    ask(signed_in_client)
    old_key = signed_in_client.session.session_key
    response = signed_in_client.get(path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH)))
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert signed_in_client.session.session_key != old_key
    assert signed_in_client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302  # signed out
    assert session_index.keys(user.pk) == [signed_in_client.session.session_key]


def test_opening_the_link_elsewhere_ends_every_session(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    Client().get(path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH)))
    assert signed_in_client.get("/account/").status_code == 302
    assert session_index.keys(user.pk) == []


def test_an_address_with_an_account_gets_the_same_reply_and_no_link(signed_in_client, user, mailoutbox):
    make_user("bob@example.com")
    free = ask(signed_in_client, NEW)
    taken = ask(signed_in_client, "bob@example.com")
    assert (taken.status_code, taken["Location"]) == (free.status_code, free["Location"])
    assert without_csrf(signed_in_client.get(taken["Location"]).content) == without_csrf(
        signed_in_client.get(free["Location"]).content)
    to_bob = mail_to(mailoutbox, "bob@example.com")
    assert CONFIRM_PATH not in to_bob.body and "already has an account" in to_bob.body
    assert len([m for m in mailoutbox if m.to == [user.email]]) == 2  # the owner hears of both requests
    user.refresh_from_db()
    assert user.email == "alice@example.com"


def test_the_link_works_once(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    path = path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH))
    assert Client().get(path).status_code == 302
    again = Client().get(path)
    assert again.status_code == 400 and b"This link does not work" in again.content


def test_the_link_dies_after_24_hours(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    path = path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH))
    with time_machine.travel(time.time() + 24 * 60 * 60 + 1, tick=False):
        assert Client().get(path).status_code == 400
    user.refresh_from_db()
    assert user.email == "alice@example.com"


def test_a_link_works_within_24_hours(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    path = path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH))
    with time_machine.travel(time.time() + 23 * 60 * 60, tick=False):
        assert Client().get(path).status_code == 302
    user.refresh_from_db()
    assert user.email == NEW


def test_a_password_change_kills_a_pending_link(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    path = path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH))
    user.set_password("another long passphrase 99")
    user.save()
    assert Client().get(path).status_code == 400


def test_a_newer_request_kills_the_older_link(signed_in_client, user, mailoutbox):
    ask(signed_in_client, "first@example.com")
    ask(signed_in_client, "second@example.com")
    first = path_of(mail_link(mail_to(mailoutbox, "first@example.com"), CONFIRM_PATH))
    second = path_of(mail_link(mail_to(mailoutbox, "second@example.com"), CONFIRM_PATH))
    assert Client().get(first).status_code == 400
    assert Client().get(second).status_code == 302
    user.refresh_from_db()
    assert user.email == "second@example.com"


def test_an_address_taken_after_the_link_was_sent_is_refused(signed_in_client, user, mailoutbox):
    ask(signed_in_client)
    path = path_of(mail_link(mail_to(mailoutbox, NEW), CONFIRM_PATH))
    make_user(NEW)  # someone else got the address in the meantime
    assert Client().get(path).status_code == 400
    user.refresh_from_db()
    assert user.email == "alice@example.com"


def test_the_current_address_and_a_malformed_one_are_form_errors(signed_in_client, mailoutbox):
    same = ask(signed_in_client, "ALICE@example.com")
    assert same.status_code == 400 and b"already the address of your account" in same.content
    malformed = ask(signed_in_client, "not an address")
    assert malformed.status_code == 400 and b'value="not an address"' in malformed.content
    too_long = ask(signed_in_client, "x" * 300 + "@example.com")
    assert too_long.status_code == 400
    assert mailoutbox == []


def test_requests_are_rate_limited_per_user(signed_in_client, mailoutbox):
    for number in range(5):
        assert ask(signed_in_client, f"new{number}@example.com").status_code == 302
    refused = ask(signed_in_client, "new5@example.com")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert b'value="new5@example.com"' in refused.content
    assert not [m for m in mailoutbox if m.to == ["new5@example.com"]]
