"""'Your sessions': list, end one, sign out everywhere else; never reach another user's sessions."""

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.sessions import index as session_index
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def browser(email, agent, ip):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
    assert client.post("/login/", {"email": email, "password": PASSWORD}).status_code == 302
    return client


def session_ids(page):
    return re.findall(r'name="session" value="([^"]+)"', page)


def test_the_page_lists_every_session_with_device_ip_and_this_device_marked(user):
    laptop = browser(user.email, FIREFOX, "198.51.100.7")
    browser(user.email, SAFARI, "203.0.113.20")
    page = laptop.get("/account/sessions/").content.decode()
    assert "Firefox 132 on Windows 10" in page and "198.51.100.7" in page
    assert "Mobile Safari 17 on iOS 17.5" in page and "203.0.113.20" in page
    assert page.count("(this device)") == 1
    assert len(session_ids(page)) == 1  # only the other session gets an end button


def test_the_page_never_shows_a_session_key(user):
    laptop = browser(user.email, FIREFOX, "198.51.100.7")
    phone = browser(user.email, SAFARI, "203.0.113.20")
    page = laptop.get("/account/sessions/").content.decode()
    for client in (laptop, phone):
        assert client.cookies[settings.SESSION_COOKIE_NAME].value not in page


def test_ending_a_session_signs_that_browser_out_at_its_next_request(user):
    laptop = browser(user.email, FIREFOX, "198.51.100.7")
    phone = browser(user.email, SAFARI, "203.0.113.20")
    [phone_id] = session_ids(laptop.get("/account/sessions/").content.decode())
    laptop.post("/account/sessions/end/", {"session": phone_id})
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 200
    assert len(session_index.keys(user.pk)) == 1


def test_user_a_cannot_end_user_bs_session_by_changing_the_id(user):
    bob = make_user("bob@example.com")
    bob_laptop = browser(bob.email, FIREFOX, "198.51.100.8")
    bob_phone = browser(bob.email, SAFARI, "203.0.113.21")
    [bobs_phone_id] = session_ids(bob_laptop.get("/account/sessions/").content.decode())
    alice = browser(user.email, FIREFOX, "198.51.100.7")
    response = alice.post("/account/sessions/end/", {"session": bobs_phone_id}, follow=True)
    assert b"was not found" in response.content
    assert bob_phone.get("/account/").status_code == 200


def test_sign_out_everywhere_else_keeps_only_this_browser(user):
    clients = [browser(user.email, FIREFOX, f"198.51.100.{n}") for n in range(4)]
    response = clients[0].post("/account/sessions/end-others/", follow=True)
    assert b"Signed out 3 other sessions." in response.content
    assert clients[0].get("/account/").status_code == 200
    assert [c.get("/account/").status_code for c in clients[1:]] == [302, 302, 302]


def test_ending_sessions_is_post_only(signed_in_client):
    assert signed_in_client.get("/account/sessions/end-others/").status_code == 405


def test_the_index_forgets_sessions_that_log_out(user):
    laptop = browser(user.email, FIREFOX, "198.51.100.7")
    browser(user.email, SAFARI, "203.0.113.20")
    assert len(session_index.keys(user.pk)) == 2
    laptop.post("/logout/")
    assert len(session_index.keys(user.pk)) == 1


def test_revoking_one_users_sessions_leaves_other_users_alone(user):
    from accounts.flows.sessions import revoke_sessions

    bob = make_user("bob@example.com")
    bobs = browser(bob.email, FIREFOX, "198.51.100.8")
    browser(user.email, FIREFOX, "198.51.100.7")
    assert revoke_sessions(user, reason="test") == 1
    assert bobs.get("/account/").status_code == 200


def test_the_index_is_a_redis_sorted_set_scored_by_expiry(user):
    import time

    from django_redis import get_redis_connection

    browser(user.email, FIREFOX, "198.51.100.7")
    redis = get_redis_connection("default")
    key = session_index.index_key(user.pk)
    assert redis.type(key) == b"zset"
    [(member, expires_at)] = redis.zrange(key, 0, -1, withscores=True)
    assert 30 * 60 - 5 <= expires_at - time.time() <= 30 * 60


def test_ending_sessions_needs_a_recent_password_check(user, frozen_clock):
    laptop = browser(user.email, FIREFOX, "198.51.100.7")
    phone = browser(user.email, SAFARI, "203.0.113.20")
    frozen_clock.shift(6 * 60)
    response = laptop.post("/account/sessions/end-others/")
    assert response["Location"] == "/reauth/?next=%2Faccount%2Fsessions%2F"
    assert phone.get("/account/").status_code == 200  # nothing ended without the check
    confirmed = laptop.post("/reauth/", {"method": "password", "password-secret": PASSWORD,
                                         "password-next": "/account/sessions/"})
    assert confirmed["Location"] == "/account/sessions/"
    laptop.post("/account/sessions/end-others/")
    assert phone.get("/account/").status_code == 302
