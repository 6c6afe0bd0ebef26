"""Idle timeouts say so: the session is refused at the idle limit, and the next request (whenever it comes within
the notice time) shows "signed out after inactivity" and is audited as session.expired with reason idle.

Redis's own frozen_clock is moved with the app's (tests/redis_clock.py): the Redis key expiring is the point here.
"""


import pytest
from django.test import Client

from audit import events
from audit.models import AuthEvent
from tests import helpers
from tests.redis_clock import age_redis

MINUTE, HOUR, DAY = 60, 60 * 60, 24 * 60 * 60
IDLE_MESSAGE = b"signed out after a period of inactivity"



def wait(frozen_clock, seconds):
    """Let `seconds` pass for the app and for Redis."""
    frozen_clock.shift(seconds)
    age_redis(seconds)


def sign_in(client, user, remember=False):
    assert helpers.sign_in(client, user, **({"remember": "on"} if remember else {})).status_code == 302


@pytest.mark.parametrize("idle_for", [30 * MINUTE + 1, 31 * MINUTE, 80 * MINUTE])
def test_idle_past_the_limit_the_login_page_says_why_and_the_trail_has_it(client, frozen_clock, user, idle_for):
    sign_in(client, user)
    wait(frozen_clock, idle_for)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = client.get(response["Location"])
    assert IDLE_MESSAGE in page.content
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_EXPIRED, details__reason="idle").count() == 1


def test_an_idle_remembered_session_also_says_why(client, frozen_clock, user):
    sign_in(client, user, remember=True)
    wait(frozen_clock, 7 * DAY + MINUTE)
    assert IDLE_MESSAGE in client.get("/account/", follow=True).content
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_EXPIRED, details__reason="idle").exists()


def test_an_idle_session_is_still_refused_at_the_limit(client, frozen_clock, user):
    sign_in(client, user)
    wait(frozen_clock, 30 * MINUTE - 1)
    assert client.get("/account/").status_code == 200
    wait(frozen_clock, 30 * MINUTE + 1)
    assert client.get("/account/").status_code == 302
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_EXPIRED, details__reason="idle").count() == 1


def test_an_idle_session_kept_for_the_notice_is_not_listed_among_your_sessions(db, frozen_clock, user):
    idle_laptop, phone = Client(REMOTE_ADDR="198.51.100.1"), Client(REMOTE_ADDR="198.51.100.2")
    sign_in(idle_laptop, user)
    sign_in(phone, user)
    wait(frozen_clock, 25 * MINUTE)
    assert phone.get("/account/").status_code == 200  # only the phone stays active
    wait(frozen_clock, 6 * MINUTE)
    page = phone.get("/account/sessions/").content.decode()
    assert "198.51.100.2" in page and "198.51.100.1" not in page


def test_after_the_notice_time_the_key_is_gone(client, frozen_clock, user):
    sign_in(client, user)
    wait(frozen_clock, 30 * MINUTE + HOUR + 1)
    response = client.get("/account/", follow=True)
    assert IDLE_MESSAGE not in response.content  # nothing left to say why: a plain sign-in page
    assert not AuthEvent.objects.filter(event=events.SESSION_EXPIRED).exists()
