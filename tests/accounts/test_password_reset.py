"""Password reset by email: one link, one hour, one use, dead after any password change; nobody is signed in."""

from unittest import mock

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import OneTimeLink
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, is_signed_in, mail_link, path_of

NEW_PASSWORD = "granite meadow tulip 19"


def request_reset(client, email):
    return client.post("/password/reset/", {"email": email})


def reset_path(client, user, mailoutbox):
    request_reset(client, user.email)
    return path_of(mail_link(mailoutbox[-1], "/password/reset/"))


def set_new_password(client, password=NEW_PASSWORD):
    return client.post("/password/reset/set/", {"new_password1": password, "new_password2": password})


def test_reset_request_mails_a_link_built_from_site_url(client, user, mailoutbox):
    response = request_reset(client, "  Alice@EXAMPLE.com")
    assert response.status_code == 302 and response["Location"] == "/password/reset/sent/"
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert mail_link(message, "/password/reset/").startswith("https://authsite.test/password/reset/")
    assert "60 minutes" in message.body


def test_reset_mail_ignores_the_request_host_header(client, user, settings, mailoutbox):
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]  # even a host the site answers for is not trusted
    client.post("/password/reset/", {"email": user.email}, HTTP_HOST="evil.example")
    (message,) = mailoutbox
    assert "evil.example" not in message.body and "evil.example" not in message.subject
    assert "https://authsite.test/password/reset/" in message.body


def test_reset_request_for_an_unknown_address_sends_nothing(client, db, mailoutbox):
    response = request_reset(client, "nobody@example.com")
    assert response.status_code == 302 and response["Location"] == "/password/reset/sent/"
    assert mailoutbox == []
    event = AuthEvent.objects.get(event=events.PASSWORD_RESET_REQUESTED)
    assert event.details == {"email": "nobody@example.com", "found": False}


def test_deactivated_account_gets_no_reset_link(client, user, mailoutbox):
    user.is_active = False
    user.save()
    request_reset(client, user.email)
    assert mailoutbox == []


def test_reset_link_moves_the_secret_out_of_the_url_before_the_form(client, user, mailoutbox):
    path = reset_path(client, user, mailoutbox)
    secret = path.split("/")[4]
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == "/password/reset/set/"
    form = client.get("/password/reset/set/")
    assert form.status_code == 200 and secret.encode() not in form.content
    assert secret not in str(dict(client.session))  # the session keeps the link's id, not its secret


def test_reset_link_sets_a_new_password_and_does_not_sign_in(client, user, mailoutbox):
    client.get(reset_path(client, user, mailoutbox))
    response = set_new_password(client)
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert not is_signed_in(client)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert client.post("/login/", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_reset_link_works_once(client, user, mailoutbox):
    path = reset_path(client, user, mailoutbox)
    client.get(path)
    set_new_password(client)
    assert client.get(path).status_code == 400
    other = Client()
    assert other.get(path).status_code == 400


def test_one_opened_link_cannot_be_submitted_twice(client, user, mailoutbox):
    client.get(reset_path(client, user, mailoutbox))
    set_new_password(client)
    response = set_new_password(client, "another passphrase 55 x")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_link_dies_after_password_change(client, signed_in_client, user, mailoutbox):
    path = reset_path(client, user, mailoutbox)
    signed_in_client.post("/account/password/", {"current_password": PASSWORD, "new_password1": "changed in between 9",
                                                 "new_password2": "changed in between 9"})
    assert client.get(path).status_code == 400


def test_opened_reset_link_dies_after_password_change(client, user, mailoutbox):
    client.get(reset_path(client, user, mailoutbox))
    with mock.patch("getpass.getpass", return_value="set by support 4 now"):
        call_command("set_password", user.email)
    assert client.get("/password/reset/set/").status_code == 400
    assert set_new_password(client).status_code == 400
    user.refresh_from_db()
    assert user.check_password("set by support 4 now")


def test_reset_link_expires_after_one_hour(client, user, mailoutbox):
    path = reset_path(client, user, mailoutbox)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=59)):
        assert client.get(path).status_code == 302
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=60, seconds=1)):
        assert client.get(path).status_code == 400
        assert client.get("/password/reset/set/").status_code == 400


def test_reset_link_expiry_is_a_setting(client, user, settings, mailoutbox):
    settings.AUTHSITE_PASSWORD_RESET_LINK_SECONDS = 300
    path = reset_path(client, user, mailoutbox)
    assert "5 minutes" in mailoutbox[-1].body
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=6)):
        assert client.get(path).status_code == 400


def test_reset_signs_out_every_session_of_the_user(client, signed_in_client, user, mailoutbox):
    assert signed_in_client.get("/account/").status_code == 200
    client.get(reset_path(client, user, mailoutbox))
    set_new_password(client)
    assert signed_in_client.get("/account/")["Location"].startswith("/login/")


def test_reset_in_a_signed_in_browser_signs_that_browser_out_too(signed_in_client, user, mailoutbox):
    signed_in_client.get(reset_path(signed_in_client, user, mailoutbox))
    set_new_password(signed_in_client)
    assert not is_signed_in(signed_in_client)
    assert signed_in_client.get("/account/")["Location"].startswith("/login/")


def test_reset_is_audited_and_notified_without_secrets(client, user, mailoutbox):
    path = reset_path(client, user, mailoutbox)
    client.get(path)
    set_new_password(client)
    notice = mailoutbox[-1]
    assert notice.to == [user.email] and "password was changed" in notice.subject
    assert "reset with a link" in notice.body and "signed out" in notice.body
    completed = AuthEvent.objects.get(event=events.PASSWORD_RESET_COMPLETED)
    assert completed.user == user
    secret = path.split("/")[4]
    for event in AuthEvent.objects.all():
        assert secret not in str(event.details) and NEW_PASSWORD not in str(event.details)


def test_completing_a_reset_clears_a_lockout(client, user, mailoutbox):
    for _ in range(5):
        client.post("/login/", {"email": user.email, "password": "not the password at all"})
    locked = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    client.get(reset_path(client, user, mailoutbox))
    set_new_password(client)
    assert AuthEvent.objects.filter(event=events.LOGIN_LOCK_CLEARED, user=user).exists()
    assert Client().post("/login/", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_reset_form_refuses_a_weak_password_and_keeps_the_link(client, user, mailoutbox):
    client.get(reset_path(client, user, mailoutbox))
    response = set_new_password(client, "password1234")
    assert response.status_code == 400 and b"too common" in response.content
    assert set_new_password(client).status_code == 302  # the link was not used up by the refused attempt


def test_reset_set_page_without_an_opened_link_is_refused(client, db):
    response = client.get("/password/reset/set/")
    assert response.status_code == 400 and b"Ask for a new link" in response.content


def test_expired_links_are_purged_when_new_ones_are_issued(client, user, mailoutbox):
    reset_path(client, user, mailoutbox)
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2)):
        reset_path(client, user, mailoutbox)
    assert OneTimeLink.objects.count() == 1


def test_reset_link_of_another_user_id_is_refused(client, user, mailoutbox):
    other = get_user_model().objects.create_user("bob@example.com", PASSWORD, email_verified=True)
    path = reset_path(client, user, mailoutbox)
    parts = path.split("/")
    from django.utils.http import urlsafe_base64_encode

    parts[3] = urlsafe_base64_encode(str(other.pk).encode())
    assert client.get("/".join(parts)).status_code == 400


def test_account_created_without_a_password_sets_one_through_the_reset_link(client, db, mailoutbox):
    # Operators create accounts without a password (admin); the person chooses one through the reset mail.
    invited = get_user_model().objects.create_user("invited@example.com", None, email_verified=True)
    assert not invited.has_usable_password()
    client.get(reset_path(client, invited, mailoutbox))
    assert set_new_password(client)["Location"] == "/login/"
    assert client.post("/login/", {"email": invited.email, "password": NEW_PASSWORD}).status_code == 302
