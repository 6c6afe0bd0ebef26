"""Black-box brute-force attacks on the login: parallel guessing, dodged keys, spraying, and Redis going away."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import make_password

from accounts.models import User
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, make_user, without_csrf
from tests.http_client import PlainHttpBrowser

WRONG = "Winter2026!Winter2026!"


def hashed_password_checks():
    """Failed checks that reached the password hasher: authenticate_password records one per hash it computes."""
    return AuthEvent.objects.filter(event=events.LOGIN_FAILED, details__reason="invalid_credentials").count()


class BrowserLogin:
    """One CSRF cookie and token, reused by many parallel POSTs to a live server."""

    def __init__(self, base):
        self.browser = PlainHttpBrowser(base)
        self.token = self.browser.csrf_token("/login/")

    def post(self, email, password):
        return self.browser.submit("/login/", {"email": email, "password": password}, token=self.token)


@pytest.mark.django_db(transaction=True)
def test_parallel_guessing_on_two_workers_reaches_the_hasher_at_most_five_times(live_gunicorn):
    make_user("alice@example.com")
    login = BrowserLogin(live_gunicorn)
    statuses = []
    with ThreadPoolExecutor(max_workers=50) as pool:
        for _ in range(4):  # 200 guesses, 50 at a time
            statuses += [r.status_code for r in pool.map(lambda _: login.post("alice@example.com", WRONG), range(50))]
    assert len(statuses) == 200
    assert 500 not in statuses
    assert hashed_password_checks() <= 5
    assert statuses.count(400) == hashed_password_checks()
    assert statuses.count(429) == 200 - hashed_password_checks()
    assert AuthEvent.objects.filter(event=events.LOGIN_ACCOUNT_LOCKED).count() == 1

    right = login.post("alice@example.com", PASSWORD)
    assert right.status_code == 429
    assert 0 < int(right.headers["Retry-After"]) <= 15 * 60
    assert hashed_password_checks() <= 5


@pytest.mark.django_db(transaction=True)
def test_parallel_password_spray_on_two_workers_checks_at_most_fifty_passwords(live_gunicorn):
    hashed = make_password(PASSWORD)
    User.objects.bulk_create(User(email=f"user{n}@example.com", password=hashed, email_verified=True)
                             for n in range(100))
    login = BrowserLogin(live_gunicorn)
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = [r.status_code for r in pool.map(lambda n: login.post(f"user{n}@example.com", WRONG), range(100))]
    assert 500 not in statuses
    assert hashed_password_checks() == statuses.count(400) <= 50
    assert statuses.count(429) == 100 - hashed_password_checks()
    assert login.post("user0@example.com", PASSWORD).status_code == 429


def test_the_right_password_is_refused_until_fifteen_minutes_after_the_fifth_failure(client, user):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(5):
            assert client.post("/login/", {"email": user.email, "password": WRONG}).status_code == 400
        clock.shift(timedelta(minutes=14, seconds=59))
        refused = client.post("/login/", {"email": user.email, "password": PASSWORD})
        assert refused.status_code == 429 and refused["Retry-After"] == "1"
        clock.shift(timedelta(seconds=1))
        assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_case_width_and_space_variants_of_an_email_hit_one_counter(client, user):
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in "alice@example.com")
    for spelling in ["Alice@Example.com", "alice@example.com ", full_width, "ALICE@EXAMPLE.COM", " alice@Example.COM"]:
        assert client.post("/login/", {"email": spelling, "password": WRONG}).status_code == 400
    assert client.post("/login/", {"email": full_width, "password": PASSWORD}).status_code == 429
    assert hashed_password_checks() == 5


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_rotating_x_forwarded_for_does_not_reset_the_ip_counter(client, db, settings, trusted_proxies):
    settings.TRUSTED_PROXY_COUNT = trusted_proxies
    # Without a trusted proxy the header is ignored; with one, only the address our proxy appended counts.
    proxy_seen = "203.0.113.50"
    statuses = [
        client.post("/login/", {"email": f"user{n}@example.com", "password": WRONG}, REMOTE_ADDR="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"198.51.{n}.{n}, {proxy_seen}").status_code
        for n in range(52)
    ]
    assert statuses == [400] * 50 + [429] * 2
    assert hashed_password_checks() == 50


def test_one_password_sprayed_over_a_hundred_accounts_is_stopped_by_the_ip_limit(client, db):
    hashed = make_password(PASSWORD)
    User.objects.bulk_create(User(email=f"user{n}@example.com", password=hashed, email_verified=True)
                             for n in range(100))
    statuses = [client.post("/login/", {"email": f"user{n}@example.com", "password": WRONG}).status_code
                for n in range(100)]
    assert statuses == [400] * 50 + [429] * 50
    assert hashed_password_checks() == 50
    assert AuthEvent.objects.filter(event=events.LOGIN_IP_LOCKED).count() == 1
    # The lock is on the client, so even a right password from it waits.
    assert client.post("/login/", {"email": "user99@example.com", "password": PASSWORD}).status_code == 429


@time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False)
def test_lockout_looks_the_same_for_an_existing_and_an_unknown_email(client, user):
    replies = {}
    for email in [user.email, "nobody@example.com"]:
        for _ in range(5):
            client.post("/login/", {"email": email, "password": WRONG})
        replies[email] = client.post("/login/", {"email": email, "password": WRONG})
    known, unknown = replies[user.email], replies["nobody@example.com"]
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert sorted(known.headers) == sorted(unknown.headers)
    same_email = unknown.content.replace(b"nobody@example.com", user.email.encode())
    assert without_csrf(known.content) == without_csrf(same_email)


def test_login_answers_503_when_redis_is_down_and_checks_no_password(client, user, private_redis):
    assert client.post("/login/", {"email": user.email, "password": WRONG}).status_code == 400
    private_redis.stop()
    for password in [WRONG, PASSWORD]:
        response = client.post("/login/", {"email": user.email, "password": password})
        assert response.status_code == 503
        assert "Traceback" not in response.content.decode()
    assert hashed_password_checks() == 1


def test_the_api_allows_a_hundred_requests_per_fifteen_minutes_per_ip(client, db):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False) as clock:
        statuses = [client.get("/api/anything", HTTP_X_FORWARDED_FOR=f"10.1.0.{n}").status_code for n in range(101)]
        assert statuses == [404] * 100 + [429]
        refused = client.get("/api/anything")
        assert refused.json() == {"error": "too_many_attempts", "detail": refused.json()["detail"]}
        assert refused.json()["detail"].startswith("Too many attempts. Try again in")
        assert 0 < int(refused["Retry-After"]) <= 15 * 60
        assert client.get("/api/anything", REMOTE_ADDR="192.0.2.77").status_code == 404  # another client
        clock.shift(timedelta(minutes=15))
        assert client.get("/api/anything").status_code == 404


def test_the_api_answers_503_when_redis_is_down(client, db, private_redis):
    private_redis.stop()
    response = client.get("/api/anything")
    assert response.status_code == 503
    assert response.json() == {"error": "service_unavailable"}
