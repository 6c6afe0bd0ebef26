"""Google is a first factor only: the login stages of accounts (second factor, staff enrolment, the waiting link)
run after it exactly as after a password, and only finish_login() signs anyone in."""

import pytest
from social_django.models import UserSocialAuth

from audit import events
from audit.models import AuthEvent
from tests.helpers import make_user
from tests.mfa.helpers import CODE_PAGE, SETUP_PAGE, authenticator, enrol
from tests.social.conftest import sign_in_with_google

pytestmark = pytest.mark.django_db


def signed_in(client):
    return "_auth_user_id" in client.session


def linked(email, sub, **fields):
    user = make_user(email, **fields)
    UserSocialAuth.objects.create(user=user, provider="google-openidconnect", uid=sub, id_key="sub")
    return user


def test_a_user_with_two_factor_gets_the_code_page_then_a_new_session_id(client, provider):
    user = linked("twofactor@example.com", "sub-other")
    device, _ = enrol(user)

    response = sign_in_with_google(client, provider, "sub-other", next_url="/account/sessions/")

    assert response.status_code == 302
    assert response["Location"] == f"{CODE_PAGE}?next=%2Faccount%2Fsessions%2F"
    assert not signed_in(client)
    assert client.get("/account/").status_code == 302  # nothing granted before the code
    pending_id = client.session.session_key
    done = client.post(response["Location"], {"code": authenticator(device).now(), "next": "/account/sessions/"})
    assert done["Location"] == "/account/sessions/"
    assert signed_in(client) and client.session.session_key != pending_id
    login = AuthEvent.objects.get(event=events.LOGIN_SUCCEEDED, user=user)
    assert login.details["method"] == "google"


def test_staff_without_two_factor_are_sent_to_set_it_up(client, provider):
    linked("staff@example.com", "sub-other", is_staff=True)

    sign_in_with_google(client, provider, "sub-other")

    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"] == SETUP_PAGE


def test_google_sign_in_starts_a_session_with_a_new_id(client, provider):
    client.get("/login/")
    client.post("/social/google/start/")
    before = client.session.session_key
    sign_in_with_google(client, provider, "sub-newcomer")
    assert signed_in(client) and client.session.session_key != before


def test_a_new_device_alert_follows_a_google_sign_in_like_any_other(client, provider):
    user = linked("device@example.com", "sub-other")
    sign_in_with_google(client, provider, "sub-other")
    assert AuthEvent.objects.filter(event=events.LOGIN_SUCCEEDED, user=user).exists()
    from accounts.models import KnownDevice

    assert KnownDevice.objects.filter(user=user).exists()
