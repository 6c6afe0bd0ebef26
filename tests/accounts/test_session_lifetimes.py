"""Idle and absolute timeouts, enforced on the server, for normal, remember-me and staff sessions."""


import pytest
from django.conf import settings
from django.core.cache import cache

from accounts.sessions import policy
from audit.models import AuthEvent
from tests.helpers import make_user, session_cache_key, sign_in

pytestmark = pytest.mark.django_db

MINUTE, HOUR, DAY = 60, 60 * 60, 24 * 60 * 60


def session_cookie_after_sign_in(client, email, remember=False):
    assert sign_in(client, email, **({"remember": "on"} if remember else {})).status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME]


def signed_in(client):
    return client.get("/account/").status_code == 200


@pytest.mark.parametrize("kind, email, remember, idle", [
    ("normal", "normal@example.com", False, 30 * MINUTE),
    ("remember", "remember@example.com", True, 7 * DAY),
    ("staff", "staff@example.com", False, 15 * MINUTE),
    ("staff who ticked remember me", "staff2@example.com", True, 15 * MINUTE),
])
def test_idle_timeout_ends_the_session_on_the_server(client, frozen_clock, settings, kind, email, remember, idle):
    settings.AUTHSITE_ENFORCE_FOR_STAFF = False  # lifetimes only here; two-factor enforcement: tests/mfa
    make_user(email, is_staff=kind.startswith("staff"))
    key = session_cookie_after_sign_in(client, email, remember).value
    frozen_clock.shift(idle - MINUTE)
    assert signed_in(client), "activity just inside the idle limit keeps the session"
    frozen_clock.shift(idle - MINUTE)
    assert signed_in(client), "each request moves the idle frozen_clock"
    frozen_clock.shift(idle + 1)
    assert not signed_in(client)
    assert cache.get(session_cache_key(key)) is None
    assert AuthEvent.objects.filter(event="session.expired", details__reason="idle").count() == 1


@pytest.mark.parametrize("kind, email, remember, absolute, step", [
    ("normal", "normal@example.com", False, 12 * HOUR, 20 * MINUTE),
    ("remember", "remember@example.com", True, 30 * DAY, 6 * DAY),
    ("staff", "staff@example.com", False, 8 * HOUR, 10 * MINUTE),
])
def test_absolute_timeout_ends_even_an_active_session(client, frozen_clock, settings, kind, email, remember, absolute,
                                                      step):
    settings.AUTHSITE_ENFORCE_FOR_STAFF = False  # lifetimes only here; two-factor enforcement: tests/mfa
    make_user(email, is_staff=kind == "staff")
    session_cookie_after_sign_in(client, email, remember)
    elapsed = 0
    while elapsed + step < absolute:
        frozen_clock.shift(step)
        elapsed += step
        assert signed_in(client)
    frozen_clock.shift(absolute - elapsed + 1)
    assert not signed_in(client)
    assert AuthEvent.objects.filter(event="session.expired", details__reason="absolute").exists()


def test_the_login_page_says_why_the_session_ended(client, frozen_clock, user):
    session_cookie_after_sign_in(client, user.email)
    frozen_clock.shift(31 * MINUTE)
    response = client.get("/account/", follow=True)
    assert b"signed out after a period of inactivity" in response.content


def test_remember_me_gets_a_persistent_cookie_and_others_a_browser_session_cookie(client, user):
    assert session_cookie_after_sign_in(client, user.email)["max-age"] == ""
    client.post("/logout/")
    cookie = session_cookie_after_sign_in(client, user.email, remember=True)
    assert int(cookie["max-age"]) == 7 * DAY


@pytest.mark.parametrize("remember, idle", [(False, 30 * MINUTE), (True, 7 * DAY)])
def test_the_redis_key_expires_with_the_idle_timeout(client, user, remember, idle):
    key = session_cookie_after_sign_in(client, user.email, remember).value
    ttl = cache.ttl(session_cache_key(key))
    assert idle - 5 <= ttl <= idle


def test_the_idle_clock_is_written_at_most_once_a_minute(client, frozen_clock, user):
    key = session_cookie_after_sign_in(client, user.email).value
    seen = cache.get(session_cache_key(key))[policy.SEEN]
    frozen_clock.shift(59)
    client.get("/account/")
    assert cache.get(session_cache_key(key))[policy.SEEN] == seen
    frozen_clock.shift(2)
    client.get("/account/")
    assert cache.get(session_cache_key(key))[policy.SEEN] == seen + 61
