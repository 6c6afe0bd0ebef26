"""Parallel replays of one passkey assertion against two gunicorn workers: the challenge is spent exactly once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from audit import events
from audit.models import AuthEvent
from tests.http_client import PlainHttpBrowser
from tests.mfa.passkey_helpers import store_passkey

PARALLEL = 10


def test_ten_parallel_replays_of_one_assertion_sign_in_exactly_once(live_gunicorn, user):
    _, authenticator = store_passkey(user)
    browser = PlainHttpBrowser(live_gunicorn)
    token = browser.csrf_token("/login/")
    reply = browser.submit("/login/passkey/options/", {}, token=token, headers={"Accept": "application/json"})
    assert reply.status_code == 200
    credential = authenticator.assertion(reply.text)
    start = threading.Barrier(PARALLEL)

    def submit(_):
        start.wait()
        response = browser.submit("/login/passkey/", {"credential": credential}, token=token)
        return response.status_code

    with ThreadPoolExecutor(PARALLEL) as pool:
        statuses = list(pool.map(submit, range(PARALLEL)))
    assert sorted(statuses) == [302] + [400] * (PARALLEL - 1), statuses
    assert AuthEvent.objects.filter(user=user, event=events.LOGIN_SUCCEEDED).count() == 1
