"""Signing in and out through the pages: sessions in Redis, one answer for every failure, safe redirects."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache

from tests.helpers import PASSWORD, make_user, session_cache_key, sign_in, without_csrf

pytestmark = pytest.mark.django_db


def test_login_page_has_labelled_fields(client):
    page = client.get("/login/").content.decode()
    assert '<label for="id_email">Email</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert 'autocomplete="current-password"' in page


def test_signed_in_session_lives_in_redis_and_gets_a_new_id(client, user):
    anonymous = client.session  # an anonymous session exists before login (e.g. a fixation attempt)
    anonymous["visited"] = True
    anonymous.save()
    before = client.cookies[_cookie_name()].value
    response = sign_in(client, user.email)
    assert response.status_code == 302 and response["Location"] == "/"
    after = client.cookies[_cookie_name()].value
    assert after != before
    assert cache.get(session_cache_key(before)) is None
    assert cache.get(session_cache_key(after))[SESSION_KEY] == str(user.pk)
    assert client.get("/account/").status_code == 200


def test_logout_deletes_the_session_and_the_old_cookie_is_anonymous(client, user):
    sign_in(client, user.email)
    old = client.cookies[_cookie_name()].value
    response = client.post("/logout/")
    assert response.status_code == 302
    assert cache.get(session_cache_key(old)) is None
    assert client.cookies[_cookie_name()].value == ""  # the cookie is deleted
    client.cookies[_cookie_name()] = old  # replay the old cookie
    assert client.get("/account/").status_code == 302


def test_logout_by_get_is_refused_with_405(signed_in_client):
    response = signed_in_client.get("/logout/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert signed_in_client.get("/account/").status_code == 200  # still signed in


def test_email_is_matched_after_normalization(client, user):
    response = sign_in(client, "  ＡLICE@Example.COM ")
    assert response.status_code == 302


@pytest.mark.parametrize("case", ["unknown", "wrong_password", "inactive", "unverified"])
def test_every_failure_gets_the_same_reply(client, case):
    make_user("real@example.com")
    make_user("inactive@example.com", is_active=False)
    make_user("unverified@example.com", email_verified=False)
    email, password = {
        "unknown": ("nobody@example.com", PASSWORD),
        "wrong_password": ("real@example.com", "not the password at all"),
        "inactive": ("inactive@example.com", PASSWORD),
        "unverified": ("unverified@example.com", PASSWORD),
    }[case]
    response = sign_in(client, email, password)
    assert response.status_code == 400
    assert b"Invalid email or password." in response.content
    reference = sign_in(client, "nobody@example.com", PASSWORD)
    # Byte-identical apart from the CSRF token and the email echoed back into the form.
    normalize = lambda body: without_csrf(body).replace(email.encode(), b"EMAIL").replace(b"nobody@example.com", b"EMAIL")  # noqa: E731
    assert normalize(response.content) == normalize(reference.content)


def test_unknown_email_costs_a_password_hash_too(client, monkeypatch):
    from accounts.hashers import Argon2idHasher

    calls = []
    original = Argon2idHasher.encode
    monkeypatch.setattr(Argon2idHasher, "encode", lambda self, pw, salt: calls.append(1) or original(self, pw, salt))
    sign_in(client, "nobody@example.com", "whatever password")
    assert len(calls) == 1


def test_failed_login_keeps_the_email_but_never_the_password(client, user):
    response = sign_in(client, user.email, "the wrong secret words")
    page = response.content.decode()
    assert f'value="{user.email}"' in page
    assert "the wrong secret words" not in page


def test_malformed_login_post_is_a_400_form_not_a_500(client):
    response = client.post("/login/", {"email": "x" * 5000, "password": "p" * 2000})
    assert response.status_code == 400
    assert b"Ensure this value has at most" in response.content


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/", "/\\evil.example", "https:evil.example", "https://evil.example/account/",
     "javascript:alert(1)", "http://testserver/account/", "/\t/evil.example", "\\\\evil.example"],
)
def test_unsafe_next_falls_back_to_home(client, user, next_url):
    response = sign_in(client, user.email, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_safe_next_is_followed(client, user):
    response = sign_in(client, user.email, next="/account/?tab=1")
    assert response["Location"] == "/account/?tab=1"


def test_anonymous_page_request_is_sent_to_login_with_next(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Faccount%2F"


def test_passwords_are_hashed_with_argon2id(user):
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_older_hashes_are_upgraded_at_login(client):
    person = make_user("old@example.com")
    from django.contrib.auth.hashers import make_password

    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save()
    assert sign_in(client, "old@example.com").status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$")


def test_email_is_unique_whatever_its_case(db):
    from django.db import IntegrityError, transaction

    make_user("Bob@Example.com")
    assert get_user_model().objects.get().email == "bob@example.com"
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("BOB@example.COM")


def _cookie_name():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME
