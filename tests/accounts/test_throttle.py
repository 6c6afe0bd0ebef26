"""accounts.throttle: the login lockout's counting rules and the other doors' limits, in-process on real Redis."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import RequestFactory

from accounts import throttle
from accounts.throttle.store import CacheStore, get_store
from audit import events
from audit.models import AuthEvent

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def request_from(ip="203.0.113.7", **meta):
    return RequestFactory().post("/login/", REMOTE_ADDR=ip, **meta)


def fail(email, times, ip="203.0.113.7"):
    """Go through the login protocol `times` times with a wrong password; return the refusals seen."""
    refusals = []
    for _ in range(times):
        request = request_from(ip)
        refusal = throttle.check_login_allowed(request, email)
        refusals.append(refusal)
        if refusal is None:
            throttle.login_failed(request, email)
    return refusals


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_fifth_failure_locks_the_account_for_fifteen_minutes_from_that_failure(db, clock):
    fail("alice@example.com", 4)
    clock.shift(timedelta(minutes=10))
    assert fail("alice@example.com", 1) == [None]  # the 5th failure is checked, and locks
    refusal = throttle.check_login_allowed(request_from(), "alice@example.com")
    assert refusal.retry_after == 15 * 60
    assert refusal.message == "Too many attempts. Try again in 15 minutes."
    clock.shift(timedelta(minutes=14, seconds=59))
    assert throttle.check_login_allowed(request_from(), "alice@example.com").retry_after == 1
    clock.shift(timedelta(seconds=1))
    assert throttle.check_login_allowed(request_from(), "alice@example.com") is None


def test_failures_older_than_the_window_are_forgotten(db, clock):
    fail("alice@example.com", 4)
    clock.shift(timedelta(minutes=15))
    assert fail("alice@example.com", 4) == [None] * 4
    assert throttle.check_login_allowed(request_from(), "alice@example.com") is None


def test_a_success_resets_the_account_count(db):
    fail("alice@example.com", 4)
    request = request_from()
    assert throttle.check_login_allowed(request, "alice@example.com") is None
    throttle.login_succeeded(request, "alice@example.com")
    assert fail("alice@example.com", 4) == [None] * 4


def test_no_more_checks_in_flight_than_failures_allowed(db):
    requests = [request_from() for _ in range(5)]
    assert [throttle.check_login_allowed(request, "alice@example.com") for request in requests] == [None] * 5
    assert throttle.check_login_allowed(request_from(), "alice@example.com") is not None
    throttle.release_login_attempt(requests[0], "alice@example.com")
    assert throttle.check_login_allowed(request_from(), "alice@example.com") is None


def test_email_spellings_share_one_account_counter(db):
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in "ALICE@EXAMPLE.COM")
    for spelling in ["Alice@Example.com", "alice@example.com ", full_width, " ALICE@example.COM"]:
        assert fail(spelling, 1) == [None]
    fail("alice@example.com", 1)
    assert throttle.check_login_allowed(request_from(), "aLiCe@example.com") is not None


def test_ipv6_clients_are_counted_per_64_network(db, settings):
    settings.AUTHSITE_LOGIN_IP_MAX_FAILURES = 3
    for host in range(3):
        fail(f"user{host}@example.com", 1, ip=f"2001:db8:1:2::{host + 1}")
    refusal = throttle.check_login_allowed(request_from("2001:db8:1:2:ffff::9"), "new@example.com")
    assert refusal is not None
    assert throttle.locked_ips()[0][0] == "2001:db8:1:2::/64"


def test_lock_is_audited_once_and_unknown_emails_get_no_mail(db, mailoutbox):
    from accounts.flows.login import authenticate_password

    for _ in range(8):
        try:
            authenticate_password(request_from("203.0.113.7"), "nobody@example.com", "wrong password")
        except throttle.Throttled:
            pass
    assert AuthEvent.objects.filter(event=events.LOGIN_ACCOUNT_LOCKED).count() == 1
    assert AuthEvent.objects.get(event=events.LOGIN_ACCOUNT_LOCKED).details["email"] == "nobody@example.com"
    assert mailoutbox == []


def test_clear_account_lock_unlocks_and_audits_the_actor(db, user):
    fail(user.email, 5)
    assert [email for email, _ in throttle.locked_accounts()] == [user.email]
    assert throttle.clear_account_lock("ALICE@example.com", actor="os:support") is True
    assert throttle.locked_accounts() == []
    assert throttle.check_login_allowed(request_from(), user.email) is None
    event = AuthEvent.objects.get(event=events.LOGIN_LOCK_CLEARED)
    assert (event.user, event.details["actor"], event.details["was_locked"]) == (user, "os:support", True)


def test_clear_ip_lock_unlocks_the_client(db, settings):
    settings.AUTHSITE_LOGIN_IP_MAX_FAILURES = 2
    fail("a@example.com", 1, ip="198.51.100.4")
    fail("b@example.com", 1, ip="198.51.100.4")
    assert [ip for ip, _ in throttle.locked_ips()] == ["198.51.100.4"]
    assert throttle.clear_ip_lock("198.51.100.4", actor="admin@example.com") is True
    assert throttle.check_login_allowed(request_from("198.51.100.4"), "c@example.com") is None


@pytest.mark.parametrize("door", ["signup", "reset"])
def test_email_doors_allow_five_per_hour_per_email_whatever_the_spelling(db, clock, door):
    spellings = ["Bob@Example.com", "bob@example.com ", "BOB@EXAMPLE.COM", "bob@example.com", "Bob@example.com"]
    assert [throttle.email_door_refusal(request_from(), door, email) for email in spellings] == [None] * 5
    refusal = throttle.email_door_refusal(request_from(), door, "bob@example.com")
    assert refusal is not None and 0 < refusal.retry_after <= 3600
    clock.shift(timedelta(hours=1))
    assert throttle.email_door_refusal(request_from(), door, "bob@example.com") is None


def test_email_doors_allow_twenty_per_hour_per_ip(db):
    results = [throttle.email_door_refusal(request_from(), "signup", f"user{n}@example.com") for n in range(21)]
    assert results[:20] == [None] * 20
    assert results[20] is not None
    assert throttle.email_door_refusal(request_from("198.51.100.9"), "signup", "other@example.com") is None


def test_without_redis_the_development_fallback_still_locks(db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert isinstance(get_store(), CacheStore)
    assert fail("alice@example.com", 6)[5] is not None
    assert [email for email, _ in throttle.locked_accounts()] == ["alice@example.com"]
    assert throttle.clear_account_lock("alice@example.com") is True
    assert throttle.check_login_allowed(request_from(), "alice@example.com") is None
