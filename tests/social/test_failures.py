"""Every way a Google sign-in can go wrong ends on the login page with one message and an audit reason, signs
nobody in, creates no association and no account, and never answers 500 (issue 14, "Failures are clean")."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from social_django.models import UserSocialAuth

from audit import events
from audit.models import AuthEvent
from tests.social.conftest import USERS, callback, point_at, start
from tests.social.provider import Provider

User = get_user_model()


def failure_reasons():
    return list(AuthEvent.objects.filter(event=events.GOOGLE_SIGN_IN_FAILED).values_list("details__reason", flat=True))


def assert_clean_failure(client, response, reason, message):
    assert response.status_code == 302 and response["Location"] == "/login/", response
    page = client.get("/login/")
    assert page.status_code == 200 and message.encode() in page.content
    assert client.get("/account/").status_code == 302  # nobody signed in
    assert not UserSocialAuth.objects.exists()
    assert not User.objects.exists()
    assert not AuthEvent.objects.filter(event=events.LOGIN_SUCCEEDED).exists()
    assert failure_reasons() == [reason]


def with_state(url, state):
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if state is None:
        query.pop("state")
    else:
        query["state"] = [state]
    return f"{parts.path}?{urlencode(query, doseq=True)}"


@pytest.mark.django_db
def test_cancelling_at_google(client, provider):
    response = callback(client, provider.deny(start(client)))
    assert_clean_failure(client, response, "cancelled", "Google sign-in was cancelled.")


@pytest.mark.django_db
def test_a_replayed_callback_url_signs_nobody_in_again(client, provider):
    url = provider.approve(start(client), "sub-newcomer")
    assert callback(client, url).status_code == 302
    client.post("/logout/")
    User.objects.all().delete()
    AuthEvent.objects.all().delete()

    for browser in (client, Client()):  # the same browser, and someone who copied the URL
        response = callback(browser, url)
        assert response["Location"] == "/login/"
        assert b"Google sign-in did not complete. Please try again." in browser.get("/login/").content
        assert browser.get("/account/").status_code == 302
    assert not User.objects.exists() and not UserSocialAuth.objects.exists()
    assert failure_reasons() == ["state_invalid", "state_invalid"]


@pytest.mark.django_db
def test_a_forged_state(client, provider):
    url = provider.approve(start(client), "sub-newcomer")
    response = client.get(with_state(url, "forged-state-value"))
    assert_clean_failure(client, response, "state_invalid", "Google sign-in did not complete. Please try again.")
    assert not provider.recorder.requests_to("/oauth2/token")  # the code was never even exchanged


@pytest.mark.django_db
def test_a_missing_state(client, provider):
    url = provider.approve(start(client), "sub-newcomer")
    response = client.get(with_state(url, None))
    assert_clean_failure(client, response, "state_missing", "Google sign-in did not complete.")


@pytest.mark.django_db
def test_a_callback_without_any_parameters(client, provider):
    response = client.get("/social/google/callback/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert failure_reasons() == ["state_missing"]


@pytest.mark.django_db
def test_an_id_token_with_the_wrong_nonce(client, provider):
    authorize = start(client)
    provider.recorder.nonce_override = "a-nonce-we-never-sent"
    response = callback(client, provider.approve(authorize, "sub-newcomer"))
    assert_clean_failure(client, response, "nonce_mismatch", "Google sign-in did not complete.")


@pytest.mark.django_db
def test_an_id_token_addressed_to_another_client_id(client, provider):
    authorize = start(client)
    provider.recorder.client_id_override = "someone-elses-client"
    response = callback(client, provider.approve(authorize, "sub-newcomer"))
    assert_clean_failure(client, response, "wrong_audience", "Google sign-in did not complete.")
    issued = provider.recorder.token_responses()
    assert issued and "id_token" in issued[0]  # the provider did answer: our check refused the token


@pytest.mark.django_db
def test_an_expired_id_token(client, settings):
    stale = Provider(USERS, access_token_max_age=timedelta(seconds=-120))
    point_at(settings, stale)
    try:
        response = callback(client, stale.approve(start(client), "sub-newcomer"))
    finally:
        stale.stop()
    assert_clean_failure(client, response, "token_expired", "Google sign-in did not complete.")


@pytest.mark.django_db
def test_an_id_token_from_another_issuer(client, provider, settings):
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_ID_TOKEN_ISSUER = "https://accounts.google.com"
    response = callback(client, provider.approve(start(client), "sub-newcomer"))
    assert_clean_failure(client, response, "wrong_issuer", "Google sign-in did not complete.")


@pytest.mark.django_db
def test_google_identity_already_linked_to_another_account_is_not_connected(client, provider):
    from tests.helpers import PASSWORD, make_user

    owner = make_user("owner-of-link@example.com")
    UserSocialAuth.objects.create(user=owner, provider="google-openidconnect", uid="sub-other", id_key="sub")
    me = make_user("me@example.com")
    client.post("/login/", {"email": me.email, "password": PASSWORD})

    response = client.post("/account/google/connect/")
    response = callback(client, provider.approve(response["Location"], "sub-other"))

    assert response["Location"] == "/account/"
    assert b"already connected to another account" in client.get("/account/").content
    assert list(UserSocialAuth.objects.values_list("user__email", flat=True)) == ["owner-of-link@example.com"]
    assert failure_reasons() == ["identity_in_use"]


@pytest.mark.django_db
def test_google_stopped_before_the_callback(client, provider):
    url = provider.approve(start(client), "sub-newcomer")
    provider.stop()
    response = callback(client, url)
    assert_clean_failure(client, response, "provider_unreachable", "Google could not be reached.")


@pytest.mark.django_db
def test_google_accepting_and_never_answering_gives_up_within_six_seconds(client, provider):
    url = provider.approve(start(client), "sub-newcomer")
    provider.recorder.hang = True
    began = time.monotonic()
    response = callback(client, url)
    elapsed = time.monotonic() - began
    provider.recorder.released.set()
    assert elapsed < 6, elapsed
    assert_clean_failure(client, response, "provider_timeout", "Google did not answer in time.")


@pytest.mark.django_db
def test_google_unreachable_when_starting(client, provider):
    provider.stop()
    response = client.post("/social/google/start/", {"next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Faccount%2F"
    assert b"Google could not be reached." in client.get(response["Location"]).content
    assert failure_reasons() == ["provider_unreachable"]


@pytest.mark.django_db
def test_failures_are_clean_with_debug_on_too(client, provider, settings):
    settings.DEBUG = True
    url = provider.approve(start(client), "sub-newcomer")
    response = client.get(with_state(url, "forged"))
    assert response.status_code == 302 and response["Location"] == "/login/"
