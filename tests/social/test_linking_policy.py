"""Who a Google identity signs in as: keyed on `sub`, never on the email (issue 14, "Identity and linking")."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from social_django.models import UserSocialAuth

from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, make_user
from tests.social.conftest import callback, sign_in_with_google, start

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = pytest.mark.tasks_inline

User = get_user_model()


def signed_in_as(client):
    response = client.get("/account/")
    if response.status_code != 200:
        return None
    return response.wsgi_request.user


def reasons():
    return list(AuthEvent.objects.filter(event=events.GOOGLE_SIGN_IN_FAILED).values_list("details__reason", flat=True))


def test_new_google_identity_with_unknown_email_gets_a_verified_account_without_a_password(client, provider, db):
    response = sign_in_with_google(client, provider, "sub-newcomer", next_url="/account/sessions/")

    assert response.status_code == 302 and response["Location"] == "/account/sessions/"
    user = User.objects.get(email="newcomer@example.com")
    assert user.email_verified and not user.has_usable_password() and user.display_name == "New Comer"
    assert UserSocialAuth.objects.get(user=user).uid == "sub-newcomer"
    assert signed_in_as(client) == user
    login = AuthEvent.objects.get(event=events.LOGIN_SUCCEEDED, user=user)
    assert login.details["method"] == "google"
    assert AuthEvent.objects.filter(event=events.GOOGLE_ACCOUNT_CREATED, user=user).exists()


def test_known_sub_signs_in_to_its_account_whatever_its_email_is_today(client, provider, db):
    user = make_user("renamed@example.com")
    UserSocialAuth.objects.create(user=user, provider="google-openidconnect", uid="sub-other", id_key="sub")

    response = sign_in_with_google(client, provider, "sub-other")  # Google says other@example.com

    assert response.status_code == 302
    assert signed_in_as(client) == user
    assert not User.objects.filter(email="other@example.com").exists()


def test_an_email_match_alone_never_signs_in_to_a_verified_account(client, provider, user):
    # alice@example.com exists, verified, with a password; a Google identity with that address is new.
    response = sign_in_with_google(client, provider, "sub-alice", next_url="/account/sessions/")

    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert signed_in_as(client) is None
    assert not UserSocialAuth.objects.exists()
    page = client.get(response["Location"])
    assert b"Sign in to it with your password to connect Google" in page.content


def test_the_waiting_link_is_made_after_that_account_signs_in_with_its_password(client, provider, user):
    sign_in_with_google(client, provider, "sub-alice")
    mail.outbox.clear()

    response = client.post("/login/", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert UserSocialAuth.objects.get(user=user).uid == "sub-alice"
    linked = AuthEvent.objects.get(event=events.GOOGLE_LINKED, user=user)
    assert linked.details["how"] == "after_password"
    assert [message.subject for message in mail.outbox if "Google" in message.subject] == [
        "Google sign-in was connected to your authsite account"]
    # From now on Google alone signs in to it.
    client.post("/logout/")
    sign_in_with_google(client, provider, "sub-alice")
    assert signed_in_as(client) == user


def test_the_waiting_link_applies_only_to_the_account_with_that_email(client, provider, user):
    someone_else = make_user("someone@example.com")
    sign_in_with_google(client, provider, "sub-alice")

    client.post("/login/", {"email": someone_else.email, "password": PASSWORD})

    assert signed_in_as(client) == someone_else
    assert not UserSocialAuth.objects.exists()
    client.post("/logout/")
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert not UserSocialAuth.objects.exists()  # the offer was spent on the other sign-in


def test_the_waiting_link_lapses_after_ten_minutes(client, provider, user):
    sign_in_with_google(client, provider, "sub-alice")

    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=5)):
        client.post("/login/", {"email": user.email, "password": PASSWORD})
        assert signed_in_as(client) == user

    assert not UserSocialAuth.objects.exists()


def test_an_unverified_account_with_the_address_is_reclaimed_by_the_mailbox_owner(client, provider, db):
    squatter = make_user("owner@example.com", display_name="Squatter", email_verified=False)

    response = sign_in_with_google(client, provider, "sub-owner")

    assert response.status_code == 302
    squatter.refresh_from_db()
    assert squatter.email_verified and not squatter.has_usable_password()
    assert squatter.display_name == "Real Owner"
    assert squatter.credentials_revoked_at is not None
    assert UserSocialAuth.objects.get(user=squatter).uid == "sub-owner"
    assert signed_in_as(client) == squatter
    assert AuthEvent.objects.filter(event=events.GOOGLE_ACCOUNT_RECLAIMED, user=squatter).exists()
    # The squatter's password opens nothing any more.
    other = client.__class__()
    assert other.post("/login/", {"email": "owner@example.com", "password": PASSWORD}).status_code == 400


def test_google_accounts_without_a_verified_email_are_refused(client, provider, db):
    response = sign_in_with_google(client, provider, "sub-unverified")

    assert response.status_code == 302 and response["Location"] == "/login/"
    assert not User.objects.filter(email="unverified@example.com").exists()
    assert not UserSocialAuth.objects.exists()
    assert reasons() == ["email_unverified"]
    page = client.get("/login/")
    assert b"Google has not verified the email address" in page.content


def test_invite_only_sites_create_no_account_from_google(client, provider, settings, db):
    settings.AUTHSITE_SIGNUP_OPEN = False

    response = sign_in_with_google(client, provider, "sub-newcomer")

    assert response["Location"] == "/login/"
    assert not User.objects.exists()
    assert reasons() == ["signup_closed"]


def test_a_deactivated_account_does_not_sign_in_with_google(client, provider, db):
    user = make_user("renamed@example.com", is_active=False)
    UserSocialAuth.objects.create(user=user, provider="google-openidconnect", uid="sub-other", id_key="sub")

    response = sign_in_with_google(client, provider, "sub-other")

    assert response["Location"] == "/login/"
    assert signed_in_as(client) is None
    assert reasons() == ["account_inactive"]


def test_remember_me_is_carried_through_google(client, provider, db):
    sign_in_with_google(client, provider, "sub-newcomer", remember=True)

    login = AuthEvent.objects.get(event=events.LOGIN_SUCCEEDED)
    assert login.details["remember"] is True
    session_cookie = next(morsel for name, morsel in client.cookies.items() if "sessionid" in name)
    assert session_cookie["expires"]  # a persistent cookie, as for a remembered password sign-in


def test_an_offsite_next_is_dropped(client, provider, db):
    response = sign_in_with_google(client, provider, "sub-newcomer", next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_a_started_sign_in_is_finished_in_the_same_browser_only(client, provider, db):
    authorize = start(client)
    callback_url = provider.approve(authorize, "sub-newcomer")

    from django.test import Client

    response = callback(Client(), callback_url)  # another browser: no state in its session

    assert response["Location"] == "/login/"
    assert not User.objects.exists()


def test_an_account_linked_to_another_google_identity_is_never_linked_again_by_email(client, provider, user):
    UserSocialAuth.objects.create(user=user, provider="google-openidconnect", uid="sub-earlier", id_key="sub")

    response = sign_in_with_google(client, provider, "sub-alice")  # a new identity with alice@example.com

    assert response["Location"] == "/login/"
    assert signed_in_as(client) is None
    assert list(UserSocialAuth.objects.values_list("uid", flat=True)) == ["sub-earlier"]
    assert reasons() == ["email_has_other_google"]
