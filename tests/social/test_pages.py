"""The pages: the button, POST-only start, 404 without credentials, the per-IP limit, CSP form-action, and the
account page's connect and disconnect (step-up, refused when no other way in would remain)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from social_django.models import UserSocialAuth

from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, make_user
from tests.social.conftest import callback, sign_in_with_google

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]

GOOGLE_URLS = ["/social/google/start/", "/social/google/callback/"]


def form_action(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("form-action")).split()[1:]


def test_without_client_credentials_there_is_no_button_and_the_urls_answer_404(client, settings):
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_KEY = ""
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_SECRET = ""
    for page in ("/login/", "/signup/"):
        response = client.get(page)
        assert b"with Google" not in response.content
        assert form_action(response) == ["'self'"]
    for url in GOOGLE_URLS:
        assert client.post(url).status_code == 404
        assert client.get(url).status_code == 404
    make_user("me@example.com")
    client.post("/login/", {"email": "me@example.com", "password": PASSWORD})
    assert client.post("/account/google/connect/").status_code == 404
    assert "Google" not in client.get("/account/").content.decode()


def test_the_login_and_signup_pages_offer_google_as_a_csrf_protected_post_form(client, provider):
    login = client.get("/login/?next=/account/sessions/").content.decode()
    assert 'action="/social/google/start/"' in login and "Sign in with Google" in login
    form = login[login.index('id="google-sign-in"'):]
    form = form[:form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form and 'name="next" value="/account/sessions/"' in form
    assert 'name="remember"' in form
    assert "Sign up with Google" in client.get("/signup/").content.decode()


def test_starting_is_post_only(client, provider):
    response = client.get("/social/google/start/")
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_starting_needs_the_csrf_token(provider):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/social/google/start/").status_code == 403


def test_pages_that_start_a_google_sign_in_allow_posting_to_google_only_there(client, provider):
    for page in ("/login/", "/signup/"):
        assert form_action(client.get(page)) == ["'self'", provider.url]
    assert form_action(client.get("/password/reset/")) == ["'self'"]
    make_user("me@example.com")
    client.post("/login/", {"email": "me@example.com", "password": PASSWORD})
    assert form_action(client.get("/account/")) == ["'self'", provider.url]  # "Connect Google"
    assert form_action(client.get("/account/sessions/")) == ["'self'"]


def test_the_real_google_origin_is_allowed_by_default(client, settings):
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_KEY = "id"
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_SECRET = "secret"
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_OIDC_ENDPOINT = "https://accounts.google.com"
    assert form_action(client.get("/login/")) == ["'self'", "https://accounts.google.com"]


def test_starts_are_rate_limited_per_client_ip(client, provider, settings):
    settings.AUTHSITE_GOOGLE_START_RATE = "3/15m"
    for _ in range(3):
        assert client.post("/social/google/start/").status_code == 302
    refused = client.post("/social/google/start/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other_ip = Client(REMOTE_ADDR="198.51.100.7")
    assert other_ip.post("/social/google/start/").status_code == 302


def test_signed_in_users_pressing_the_button_just_go_on(client, provider):
    make_user("me@example.com")
    client.post("/login/", {"email": "me@example.com", "password": PASSWORD})
    response = client.post("/social/google/start/", {"next": "/account/sessions/"})
    assert response["Location"] == "/account/sessions/"


# --- The account page -----------------------------------------------------------------------------------------------

@pytest.fixture
def me(client):
    user = make_user("me@example.com")
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    return user


def test_connecting_google_from_the_account_page(client, provider, me):
    mail.outbox.clear()
    response = client.post("/account/google/connect/")
    response = callback(client, provider.approve(response["Location"], "sub-other"))  # any Google address

    assert response["Location"] == "/account/"
    assert UserSocialAuth.objects.get(user=me).uid == "sub-other"
    assert AuthEvent.objects.get(event=events.GOOGLE_LINKED).details["how"] == "connect"
    assert [message.to for message in mail.outbox] == [["me@example.com"]]
    page = client.get("/account/").content.decode()
    assert "Disconnect Google" in page
    client.post("/logout/")
    sign_in_with_google(client, provider, "sub-other")
    assert client.get("/account/").wsgi_request.user == me


def test_connecting_needs_a_recent_step_up(client, provider, me):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = client.post("/account/google/connect/")
    assert response.status_code == 302 and response["Location"].startswith("/reauth/")
    assert not UserSocialAuth.objects.exists()


def test_connecting_is_only_for_signed_in_users(provider):
    response = Client().post("/account/google/connect/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_second_google_account_is_not_connected(client, provider, me):
    UserSocialAuth.objects.create(user=me, provider="google-openidconnect", uid="sub-first", id_key="sub")
    response = client.post("/account/google/connect/")
    callback(client, provider.approve(response["Location"], "sub-other"))
    assert list(UserSocialAuth.objects.values_list("uid", flat=True)) == ["sub-first"]


def test_disconnecting_google(client, provider, me):
    UserSocialAuth.objects.create(user=me, provider="google-openidconnect", uid="sub-other", id_key="sub")
    mail.outbox.clear()

    response = client.post("/account/google/disconnect/")

    assert response["Location"] == "/account/"
    assert not UserSocialAuth.objects.exists()
    assert AuthEvent.objects.filter(event=events.GOOGLE_UNLINKED, user=me).exists()
    assert len(mail.outbox) == 1 and "disconnected" in mail.outbox[0].subject
    assert client.get("/social/google/start/").status_code == 405


def test_disconnecting_needs_a_recent_step_up(client, provider, me):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    UserSocialAuth.objects.create(user=me, provider="google-openidconnect", uid="sub-other", id_key="sub")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = client.post("/account/google/disconnect/")
    assert response["Location"].startswith("/reauth/")
    assert UserSocialAuth.objects.exists()


def test_disconnecting_is_refused_when_google_is_the_only_way_in(client, provider):
    sign_in_with_google(client, provider, "sub-newcomer")  # a Google-only account: no usable password

    response = client.post("/account/google/disconnect/")

    assert response["Location"] == "/account/"
    assert UserSocialAuth.objects.count() == 1
    page = client.get("/account/").content.decode()
    assert "Google is the only way to sign in to this account" in page
    assert "Forgot your password?" in page  # how to set one: the reset-by-email flow


def test_a_passkey_is_another_way_in_so_google_can_be_disconnected(client, provider):
    from tests.mfa.passkey_helpers import store_passkey

    sign_in_with_google(client, provider, "sub-newcomer")  # a Google-only account: no usable password
    store_passkey(get_user_model().objects.get(email="newcomer@example.com"))

    response = client.post("/account/google/disconnect/")

    assert response["Location"] == "/account/"
    assert not UserSocialAuth.objects.exists()


def test_a_google_only_account_sets_a_password_through_the_reset_email(client, provider):
    sign_in_with_google(client, provider, "sub-newcomer")
    client.post("/logout/")
    mail.outbox.clear()
    client.post("/password/reset/", {"email": "newcomer@example.com"})
    assert [message.to for message in mail.outbox] == [["newcomer@example.com"]]
    assert "/password/reset/" in mail.outbox[0].body
