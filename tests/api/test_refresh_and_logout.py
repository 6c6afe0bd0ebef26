"""Refresh tokens rotate, die with their family, and logout / logout-all end access at the next request."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from accounts.redis import raw_redis
from api.models import RefreshFamily, RefreshToken
from audit import events
from audit.models import AuthEvent
from tests.api.helpers import REFRESH_URL, bearer, get_tokens, me, post_json
from tests.helpers import PASSWORD

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]

SITE = "https://authsite.test"


def refresh(client, token, **extra):
    return post_json(client, REFRESH_URL, {"refresh_token": token}, **extra)


def test_a_refresh_token_is_stored_only_as_a_digest(client, user):
    raw = get_tokens(client, user)["refresh_token"]
    stored = RefreshToken.objects.get()
    assert raw not in stored.digest and len(stored.digest) == 64
    assert len(raw) >= 43  # 256 bits, base64url


def test_r1_gives_r2_and_r1_again_revokes_the_family(client, user):
    r1 = get_tokens(client, user)["refresh_token"]
    second = refresh(client, r1)
    assert second.status_code == 200
    r2 = second.json()["refresh_token"]
    assert r2 != r1 and me(client, second.json()["access_token"]).status_code == 200
    replay = refresh(client, r1)
    assert replay.status_code == 401 and replay.json() == {"error": "invalid_token"}
    assert refresh(client, r2).status_code == 401  # the whole family is dead
    assert RefreshFamily.objects.get().revoked_reason == "reuse"
    assert AuthEvent.objects.filter(user=user, event=events.API_REFRESH_REUSED).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert r1 not in mail.outbox[0].body and r2 not in mail.outbox[0].body


def test_unknown_refresh_tokens_are_refused(client, user):
    get_tokens(client, user)
    assert refresh(client, "x" * 43).json() == {"error": "invalid_token"}
    assert not mail.outbox


def test_a_family_is_dead_seven_days_after_login_whatever_the_rotations(client, user):
    with time_machine.travel(1_900_000_000, tick=False) as clock:
        token = get_tokens(client, user)["refresh_token"]
        for _ in range(6):  # one rotation a day: the end never moves
            clock.shift(timedelta(days=1))
            response = refresh(client, token)
            assert response.status_code == 200
            token = response.json()["refresh_token"]
        clock.shift(timedelta(days=1) - timedelta(seconds=1))
        token = refresh(client, token).json()["refresh_token"]  # 7 days minus a second: still alive
        clock.shift(timedelta(seconds=1))
        assert refresh(client, token).status_code == 401


def test_remember_me_families_live_thirty_days(client, user):
    with time_machine.travel(1_900_000_000, tick=False) as clock:
        token = get_tokens(client, user, remember=True)["refresh_token"]
        clock.shift(timedelta(days=29))
        token = refresh(client, token).json()["refresh_token"]
        clock.shift(timedelta(days=1))
        assert refresh(client, token).status_code == 401


def test_refresh_refuses_a_deactivated_user(client, user):
    from accounts.flows.account_status import deactivate_account

    token = get_tokens(client, user)["refresh_token"]
    deactivate_account(user, actor="test")
    assert refresh(client, token).status_code == 401


def test_refresh_without_a_token_is_not_authenticated(client, db):
    response = post_json(client, REFRESH_URL, {})
    assert response.status_code == 401 and response.json() == {"error": "not_authenticated"}


# --- The refresh-token cookie for browsers ---------------------------------------------------------------------

def cookie_login(client, user):
    response = post_json(client, "/api/auth/token", {"email": user.email, "password": PASSWORD,
                                                      "refresh_token_cookie": True})
    assert response.status_code == 200
    assert "refresh_token" not in response.json()
    return response


def test_browsers_can_get_the_refresh_token_in_a_strict_httponly_cookie(client, user):
    cookie = cookie_login(client, user).cookies["__Secure-refresh_token"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/api/auth/"
    assert cookie.value and cookie["expires"]


def test_the_cookie_refreshes_only_a_same_origin_json_request(client, user):
    cookie_login(client, user)
    refused = [
        client.post(REFRESH_URL, "{}", content_type="application/json"),  # no Origin
        client.post(REFRESH_URL, "{}", content_type="application/json", HTTP_ORIGIN="https://evil.example"),
        client.post(REFRESH_URL, "", content_type="application/x-www-form-urlencoded", HTTP_ORIGIN=SITE),  # a form
        client.post(REFRESH_URL, "", content_type="text/plain", HTTP_ORIGIN=SITE),
    ]
    assert [response.status_code for response in refused] == [401, 401, 401, 401]
    response = client.post(REFRESH_URL, "{}", content_type="application/json", HTTP_ORIGIN=SITE)
    assert response.status_code == 200
    assert "refresh_token" not in response.json()
    assert response.cookies["__Secure-refresh_token"].value  # rotated in the cookie too
    assert me(client, response.json()["access_token"]).status_code == 200


def test_access_tokens_never_go_into_cookies(client, user):
    response = cookie_login(client, user)
    access = response.json()["access_token"]
    assert all(access not in morsel.value for morsel in response.cookies.values())


# --- Logout --------------------------------------------------------------------------------------------------------

def test_logout_refuses_the_access_token_and_revokes_its_refresh_family(client, user):
    tokens = get_tokens(client, user)
    response = post_json(client, "/api/auth/logout", {"refresh_token": tokens["refresh_token"]},
                         headers=bearer(tokens["access_token"]))
    assert response.status_code == 204
    assert me(client, tokens["access_token"]).json() == {"error": "invalid_token"}
    assert refresh(client, tokens["refresh_token"]).status_code == 401
    assert not mail.outbox  # a logged-out token coming back is not a theft alert


def test_logout_leaves_other_devices_signed_in(client, user):
    phone, laptop = get_tokens(client, user), get_tokens(client, user)
    post_json(client, "/api/auth/logout", {"refresh_token": phone["refresh_token"]},
              headers=bearer(phone["access_token"]))
    assert me(client, laptop["access_token"]).status_code == 200
    assert refresh(client, laptop["refresh_token"]).status_code == 200


def test_logout_cannot_revoke_another_users_family(client, user):
    from tests.helpers import make_user

    bob = make_user("bob@example.com")
    alice, bobs = get_tokens(client, user), get_tokens(client, bob)
    post_json(client, "/api/auth/logout", {"refresh_token": bobs["refresh_token"]},
              headers=bearer(alice["access_token"]))
    assert refresh(client, bobs["refresh_token"]).status_code == 200


def test_the_denylist_entry_lasts_until_the_token_expires(client, user):
    tokens = get_tokens(client, user)
    post_json(client, "/api/auth/logout", headers=bearer(tokens["access_token"]))
    redis = raw_redis()
    keys = redis.keys("*denied-jti*")
    assert len(keys) == 1
    assert 890 <= redis.ttl(keys[0]) <= 901


def test_logout_needs_an_access_token(client, user):
    tokens = get_tokens(client, user)
    response = post_json(client, "/api/auth/logout", {"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 401 and response.json() == {"error": "not_authenticated"}


# --- Logout everywhere -------------------------------------------------------------------------------------------

def test_logout_all_ends_every_token_and_the_browser_session(client, user, django_user_model):
    from django.test import Client

    browser = Client()
    assert browser.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert browser.get("/account/").status_code == 200
    phone, laptop = get_tokens(client, user), get_tokens(client, user)
    response = post_json(client, "/api/auth/logout-all", headers=bearer(phone["access_token"]))
    assert response.status_code == 204
    for tokens in (phone, laptop):
        assert me(client, tokens["access_token"]).status_code == 401
        assert refresh(client, tokens["refresh_token"]).status_code == 401
    assert browser.get("/account/").status_code == 302
    assert django_user_model.objects.get(pk=user.pk).credentials_revoked_at is not None


def test_logout_all_survives_a_redis_flush(client, user):
    tokens = get_tokens(client, user)
    other = get_tokens(client, user)
    post_json(client, "/api/auth/logout-all", headers=bearer(tokens["access_token"]))
    cache.clear()  # a failover that lost every write: the stamp is in PostgreSQL
    assert me(client, tokens["access_token"]).status_code == 401
    assert me(client, other["access_token"]).status_code == 401
    assert refresh(client, other["refresh_token"]).status_code == 401
    # ... and signing in again afterwards works at once.
    assert me(client, get_tokens(client, user)["access_token"]).status_code == 200


def test_logout_all_takes_no_body_fields(client, user):
    tokens = get_tokens(client, user)
    response = post_json(client, "/api/auth/logout-all", {"everything": True}, headers=bearer(tokens["access_token"]))
    assert response.status_code == 400 and response.json()["field"] == "everything"



def test_without_a_signing_key_refresh_is_a_503_that_does_not_spend_the_token(client, user, keys_file):
    token = get_tokens(client, user)["refresh_token"]
    saved = keys_file.read_text()
    keys_file.unlink()
    assert refresh(client, token).status_code == 503
    keys_file.write_text(saved)
    assert refresh(client, token).status_code == 200


def test_logout_clears_the_refresh_cookie_and_revokes_its_family(client, user):
    tokens = cookie_login(client, user).json()
    response = client.post("/api/auth/logout", "{}", content_type="application/json",
                           headers=bearer(tokens["access_token"]))
    assert response.status_code == 204
    cleared = response.cookies["__Secure-refresh_token"]
    assert cleared.value == "" and cleared["path"] == "/api/auth/" and cleared["max-age"] == 0
    assert RefreshFamily.objects.get().revoked_reason == "logout"
