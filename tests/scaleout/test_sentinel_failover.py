"""Two gunicorn servers on a Redis Sentinel group started here (master, replica, three sentinels on loopback).

A killed master costs calm 503s, never a 500, and service is back within 3 s with no session lost. A planned
failover loses neither a revocation nor a lockout made before it, nor the sessions and lockouts made just after it
(redis-py alone would keep writing those to the demoted master for about ten seconds, which then discards them).
Each test stops only the processes it started and finishes within 60 s.
"""

import threading
import time
from contextlib import ExitStack

import pytest

from tests.helpers import PASSWORD, make_user
from tests.http_client import PlainHttpBrowser
from tests.sentinel import sentinel_group
from tests.servers import gunicorn

WRONG = "not the password at all"
ALLOWED_WHILE_FAILING_OVER = {200, 503}


@pytest.fixture
def site(transactional_db):
    """(group, A, B, started): a Sentinel group and two servers using it; `started` is when the setup began."""
    started = time.monotonic()
    with ExitStack() as stack:
        group = stack.enter_context(sentinel_group(down_after_ms=1000, failover_timeout_ms=3000))
        a = stack.enter_context(gunicorn(workers=2, extra_env=group.app_env()))
        b = stack.enter_context(gunicorn(workers=2, extra_env=group.app_env()))
        yield group, a, b, started


def signed_in(base, user):
    browser = PlainHttpBrowser(base)
    response = browser.submit("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return browser


def try_to_sign_in(base, user):
    browser = PlainHttpBrowser(base)
    page = browser.get("/login/")
    if page.status_code != 200:
        return page.status_code
    return browser.submit("/login/", {"email": user.email, "password": PASSWORD},
                          token=PlainHttpBrowser.csrf_from(page)).status_code


def lock(user, servers):
    for attempt in range(5):
        response = PlainHttpBrowser(servers[attempt % 2]).submit("/login/", {"email": user.email, "password": WRONG})
        assert response.status_code == 400


def is_locked(user, base):
    return PlainHttpBrowser(base).submit("/login/", {"email": user.email, "password": PASSWORD}).status_code == 429


class Watcher:
    """A signed-in browser reading a page on both servers every 20 ms in the background, recording each status."""

    def __init__(self, browser, servers):
        self.browser, self.servers = browser, servers
        self.statuses, self._stop = [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self):
        while not self._stop.is_set():
            for base in self.servers:
                self.statuses.append(self.browser.on(base).get("/account/").status_code)
            time.sleep(0.02)


def test_a_killed_master_costs_calm_503s_then_sign_ins_work_again_within_3_seconds(site):
    group, a, b, started = site
    user = make_user("alice@example.com")
    before = [signed_in(a, user), signed_in(b, user)]
    group.wait_for_replication()

    with Watcher(before[0], (a, b)) as watcher:
        killed_at = time.monotonic()
        group.kill(group.master_port())
        statuses, back_after = [], None
        while time.monotonic() - killed_at < 15:
            status = try_to_sign_in((a, b)[len(statuses) % 2], user)
            statuses.append(status)
            if status == 302 and back_after is None:
                back_after = time.monotonic() - killed_at
            if statuses[-2:] == [302, 302]:  # a fresh sign-in worked on both servers
                break

    assert statuses[-2:] == [302, 302], statuses
    assert 503 in statuses + watcher.statuses  # the outage was seen, and seen calmly
    assert set(statuses) <= {302, 503} and set(watcher.statuses) <= ALLOWED_WHILE_FAILING_OVER
    assert back_after <= 3.0, f"the first sign-in worked again only {back_after:.2f}s after the kill"
    # Sessions written before the kill were replicated, and the new master has them.
    for browser in before:
        assert [browser.on(base).get("/account/").status_code for base in (a, b)] == [200, 200]
    assert time.monotonic() - started < 60


def test_a_planned_failover_keeps_revocations_and_lockouts_from_before_and_after_it(site):
    group, a, b, started = site
    locked_before, locked_after = make_user("mallory-target@example.com"), make_user("second-target@example.com")
    alice, bob = make_user("alice@example.com"), make_user("bob@example.com")
    laptop, stolen = signed_in(a, alice), signed_in(b, alice)

    lock(locked_before, (a, b))
    token = laptop.on(b).csrf_token("/account/sessions/")
    assert laptop.on(b).post("/account/sessions/end-others/", {"csrfmiddlewaretoken": token}).status_code == 302
    time.sleep(1)  # revoked one second before the failover

    old_master = group.master_port()
    with Watcher(laptop, (a, b)) as watcher:
        group.failover()
        group.wait_for_new_master(old_master)
        time.sleep(0.6)  # one master re-check interval (0.5 s) later, every server writes to the new master
        late = signed_in(b, bob)
        lock(locked_after, (a, b))
        # Sentinel demotes the old master about ten seconds after the failover; it then resynchronises from the new
        # one and throws away anything that was written only to it.
        group.wait_until_replica(old_master, timeout=30)

    for base in (a, b):
        assert stolen.on(base).get("/account/").status_code == 302
        assert laptop.on(base).get("/account/").status_code == 200
        assert late.on(base).get("/account/").status_code == 200
        assert is_locked(locked_before, base) and is_locked(locked_after, base)
    assert set(watcher.statuses) <= ALLOWED_WHILE_FAILING_OVER, sorted(set(watcher.statuses))
    assert time.monotonic() - started < 60
