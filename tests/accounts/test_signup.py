"""Sign-up: the reply never says whether the address is taken; an account signs in only after verification."""

import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.http import urlsafe_base64_encode

from accounts.models import OneTimeLink
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, is_signed_in, mail_link, make_user, path_of, sign_in

NEW_PASSWORD = "quiet harbour lantern 58"


def sign_up(client, email="newcomer@example.com", password=NEW_PASSWORD, **extra):
    data = {"email": email, "display_name": "Newcomer", "new_password1": password, "new_password2": password}
    return client.post("/signup/", {**data, **extra})


def test_signup_creates_an_unverified_account_and_mails_a_verification_link(client, db, mailoutbox):
    response = sign_up(client, email="  NewComer@Example.com ")
    assert response.status_code == 302 and response["Location"] == "/signup/sent/"
    user = get_user_model().objects.get(email="newcomer@example.com")
    assert not user.email_verified and user.check_password(NEW_PASSWORD)
    (message,) = mailoutbox
    assert message.to == ["newcomer@example.com"]
    assert mail_link(message, "/signup/verify/").startswith("https://authsite.test/signup/verify/")
    assert "Newcomer" not in message.body  # the name was typed by whoever signed up, maybe not the mailbox owner
    assert AuthEvent.objects.filter(event=events.SIGNUP_CREATED, user=user).exists()


def test_unverified_account_cannot_sign_in(client, db, mailoutbox):
    sign_up(client)
    assert sign_in(client, "newcomer@example.com", NEW_PASSWORD).status_code == 400
    assert not is_signed_in(client)


def test_verification_link_lets_the_account_sign_in(client, db, mailoutbox):
    sign_up(client)
    response = client.get(path_of(mail_link(mailoutbox[0], "/signup/verify/")))
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert not is_signed_in(client)  # verifying does not sign anyone in
    assert sign_in(client, "newcomer@example.com", NEW_PASSWORD).status_code == 302
    assert AuthEvent.objects.filter(event=events.EMAIL_VERIFIED).count() == 1


def test_verification_link_works_once(client, db, mailoutbox):
    sign_up(client)
    path = path_of(mail_link(mailoutbox[0], "/signup/verify/"))
    assert client.get(path).status_code == 302
    response = client.get(path)
    assert response.status_code == 400
    assert b"This link does not work" in response.content


def test_verification_link_expires_after_24_hours(client, db, mailoutbox):
    sign_up(client)
    path = path_of(mail_link(mailoutbox[0], "/signup/verify/"))
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=24, seconds=1)):
        assert client.get(path).status_code == 400
    assert not get_user_model().objects.get(email="newcomer@example.com").email_verified


def test_verification_link_with_a_wrong_secret_or_user_is_refused(client, db, mailoutbox):
    sign_up(client)
    path = path_of(mail_link(mailoutbox[0], "/signup/verify/"))
    _, _, _, uidb64, secret, _ = path.split("/")
    altered = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert client.get(f"/signup/verify/{uidb64}/{altered}/").status_code == 400
    assert client.get(f"/signup/verify/MTIzNDU/{secret}/").status_code == 400
    assert client.get(f"/signup/verify/%%%/{secret}/").status_code == 400
    huge_id = urlsafe_base64_encode(b"9" * 40)  # beyond a bigint: still a calm 400, not a database error
    assert client.get(f"/signup/verify/{huge_id}/{secret}/").status_code == 400
    assert client.get(f"/signup/verify/{uidb64}/{'x' * 500}/").status_code == 400
    assert AuthEvent.objects.filter(event=events.LINK_REFUSED).count() == 5
    assert client.get(path).status_code == 302  # the real link still works


def test_only_a_hash_of_the_link_secret_is_stored(client, db, mailoutbox):
    sign_up(client)
    secret = path_of(mail_link(mailoutbox[0], "/signup/verify/")).split("/")[4]
    link = OneTimeLink.objects.get()
    assert secret not in link.secret_hash and len(link.secret_hash) == 64
    assert not AuthEvent.objects.filter(details__icontains=secret).exists()


def test_signup_with_a_taken_address_mails_its_owner_and_changes_nothing(client, user, mailoutbox):
    before = get_user_model().objects.get(pk=user.pk).password
    response = sign_up(client, email="ALICE@example.com")
    assert response.status_code == 302 and response["Location"] == "/signup/sent/"
    assert get_user_model().objects.count() == 1
    assert get_user_model().objects.get(pk=user.pk).password == before
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert "Someone tried to sign up" in message.subject
    assert "/password/reset/" in message.body and "verify" not in message.body
    assert AuthEvent.objects.filter(event=events.SIGNUP_EXISTING_ADDRESS, user=user).exists()
    assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_signup_form_comes_back_with_what_was_typed_minus_passwords(client, db, mailoutbox):
    response = sign_up(client, new_password2="something else entirely")
    assert response.status_code == 400
    assert b"The two passwords do not match." in response.content
    assert b'value="newcomer@example.com"' in response.content and b'value="Newcomer"' in response.content
    assert NEW_PASSWORD.encode() not in response.content
    assert mailoutbox == [] and not get_user_model().objects.exists()


def test_signup_refuses_a_weak_password_with_a_clear_message(client, db, mailoutbox):
    response = sign_up(client, password="password1234")
    assert response.status_code == 400 and b"too common" in response.content
    assert not get_user_model().objects.exists()


def test_signup_refuses_an_invalid_address(client, db):
    response = sign_up(client, email="not an address")
    assert response.status_code == 400 and b"valid email" in response.content


def test_signup_can_be_turned_off_for_invite_only_sites(client, db, settings, mailoutbox):
    settings.AUTHSITE_SIGNUP_OPEN = False
    page = client.get("/signup/")
    assert page.status_code == 404 and b"Sign-up is by invitation" in page.content
    assert sign_up(client).status_code == 404
    assert not get_user_model().objects.exists() and mailoutbox == []
    assert b"/signup/" not in client.get("/login/").content


def test_login_page_links_to_signup_and_password_reset(client, db):
    page = client.get("/login/").content
    assert b'href="/signup/"' in page and b'href="/password/reset/"' in page


def test_signed_in_user_visiting_signup_goes_home(signed_in_client):
    assert signed_in_client.get("/signup/")["Location"] == "/"


def test_existing_unverified_account_can_verify_by_resetting_its_password(client, db, mailoutbox):
    # Someone else may have signed up with this address first; the owner takes the account back by a reset link,
    # which proves the mailbox, sets their own password and kills the stranger's verification link.
    make_user("owner@example.com", password="stranger's password 123", email_verified=False)
    client.post("/password/reset/", {"email": "owner@example.com"})
    client.get(path_of(mail_link(mailoutbox[-1], "/password/reset/")))
    client.post("/password/reset/set/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(client, "owner@example.com", NEW_PASSWORD).status_code == 302
