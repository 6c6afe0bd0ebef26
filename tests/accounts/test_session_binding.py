"""Session binding (AUTHSITE_SESSION_BINDING = "off" | "device" | "device+network"): a session cookie replayed from
another browser family or OS, or (device+network) from another IPv4 /24 or IPv6 /48, ends the session: audited as
session.binding_mismatch, the owner gets the new-device mail, and the login page says why. No extra round trip."""

import time

import pytest
import time_machine
from django.test import Client

from audit import events
from audit.models import AuthEvent
from tests.accounts.test_hot_path import calls, commands
from tests.helpers import sign_in

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = pytest.mark.tasks_inline

FIREFOX_132_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
FIREFOX_133_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CHROME_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
HOME = "198.51.100.10"
BINDING_MESSAGE = b"used from another device or network"


@pytest.fixture
def owner(client, user):
    """The owner's browser: Firefox on Windows at HOME, signed in."""
    browser = Client(REMOTE_ADDR=HOME, HTTP_USER_AGENT=FIREFOX_132_WINDOWS)
    assert sign_in(browser, user).status_code == 302
    return browser


def replay(owner, path="/account/", **where):
    """The owner's session cookie, sent from somewhere else."""
    thief = Client(**where)
    thief.cookies = owner.cookies
    return thief, thief.get(path)


def mismatches(user):
    return AuthEvent.objects.filter(user=user, event=events.SESSION_BINDING_MISMATCH)


@pytest.mark.parametrize("mode", ["device", "device+network"])
def test_a_cookie_replayed_from_another_user_agent_is_refused_and_audited(settings, owner, user, mailoutbox, mode):
    settings.AUTHSITE_SESSION_BINDING = mode
    thief, response = replay(owner, REMOTE_ADDR=HOME, HTTP_USER_AGENT=CHROME_MAC)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert BINDING_MESSAGE in thief.get(response["Location"]).content
    (event,) = mismatches(user)
    assert event.details["mismatch"] == "device"
    assert event.details["bound_device"] == "Firefox on Windows" and event.details["device"] == "Chrome on Mac OS X"
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert "ended that session" in mailoutbox[0].body and "Chrome" in mailoutbox[0].body
    # The session itself is over, for the owner too: whoever holds a copy of the cookie has nothing left.
    assert owner.get("/account/").status_code == 302


def test_a_cookie_replayed_from_another_slash_24_is_refused_with_device_and_network(settings, owner, user):
    settings.AUTHSITE_SESSION_BINDING = "device+network"
    _, response = replay(owner, REMOTE_ADDR="198.51.101.10", HTTP_USER_AGENT=FIREFOX_132_WINDOWS)
    assert response.status_code == 302
    (event,) = mismatches(user)
    assert (event.details["mismatch"], event.details["bound_network"], event.details["network"]) == (
        "network", "198.51.100.0/24", "198.51.101.0/24")
    assert owner.get("/account/").status_code == 302


def test_the_same_slash_24_and_a_browser_update_keep_the_session(settings, owner, user):
    settings.AUTHSITE_SESSION_BINDING = "device+network"
    _, response = replay(owner, REMOTE_ADDR="198.51.100.200", HTTP_USER_AGENT=FIREFOX_133_WINDOWS)
    assert response.status_code == 200
    assert owner.get("/account/").status_code == 200
    assert not mismatches(user).exists()


def test_agents_that_are_not_browsers_must_match_exactly(settings, user):
    settings.AUTHSITE_SESSION_BINDING = "device"
    script = Client(REMOTE_ADDR=HOME, HTTP_USER_AGENT="curl/8.5.0")
    assert sign_in(script, user).status_code == 302
    assert script.get("/account/").status_code == 200
    assert script.get("/account/", HTTP_USER_AGENT="python-requests/2.32.3").status_code == 302


def test_ipv6_sessions_are_bound_to_the_slash_48(settings, user):
    settings.AUTHSITE_SESSION_BINDING = "device+network"
    browser = Client(REMOTE_ADDR="2001:db8:1:1::10", HTTP_USER_AGENT=FIREFOX_132_WINDOWS)
    assert sign_in(browser, user).status_code == 302
    assert browser.get("/account/", REMOTE_ADDR="2001:db8:1:ffff::99").status_code == 200  # same /48
    assert browser.get("/account/", REMOTE_ADDR="2001:db8:2::10").status_code == 302  # another /48


def test_device_binding_lets_the_network_change(settings, owner, user):
    settings.AUTHSITE_SESSION_BINDING = "device"
    _, response = replay(owner, REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=FIREFOX_132_WINDOWS)
    assert response.status_code == 200


def test_with_binding_off_a_replayed_cookie_still_works(settings, owner):
    settings.AUTHSITE_SESSION_BINDING = "off"
    _, response = replay(owner, REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=CHROME_MAC)
    assert response.status_code == 200


def test_binding_turned_on_later_covers_sessions_already_open(settings, owner, user):
    settings.AUTHSITE_SESSION_BINDING = "off"
    assert owner.get("/account/").status_code == 200
    settings.AUTHSITE_SESSION_BINDING = "device+network"
    _, response = replay(owner, REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=FIREFOX_132_WINDOWS)
    assert response.status_code == 302 and mismatches(user).exists()


def test_binding_costs_no_extra_round_trip(settings, user, private_redis, django_assert_num_queries):
    settings.AUTHSITE_SESSION_BINDING = "device+network"
    browser = Client(REMOTE_ADDR=HOME, HTTP_USER_AGENT=FIREFOX_132_WINDOWS)
    with time_machine.travel(time.time(), tick=False):
        sign_in(browser, user)
        browser.get("/")
        before = commands(private_redis)
        with django_assert_num_queries(1):
            assert browser.get("/", HTTP_USER_AGENT=FIREFOX_133_WINDOWS).status_code == 200
        after = commands(private_redis)
    total = sum(stats["calls"] for stats in after.values()) - sum(stats["calls"] for stats in before.values())
    assert total - 1 == 1 and calls(after, "get") - calls(before, "get") == 1
