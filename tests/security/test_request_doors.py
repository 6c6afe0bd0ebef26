"""Sign-up and reset requests are rate limited per email and per IP, with one reply whether or not the email exists."""


import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.helpers import make_user, without_csrf

pytestmark = pytest.mark.django_db

SIGNUP = {"display_name": "Someone", "new_password1": "a fine long passphrase 9", "new_password2": "a fine long passphrase 9"}


def request_reset(client, email, ip="198.51.100.1"):
    return client.post("/password/reset/", {"email": email}, REMOTE_ADDR=ip)


def sign_up(client, email, ip="198.51.100.1"):
    return client.post("/signup/", {"email": email, **SIGNUP}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("send", [request_reset, sign_up])
def test_the_sixth_request_for_one_email_in_an_hour_gets_429(client, send):
    replies = [send(client, "Target@Example.com", ip=f"198.51.100.{n}") for n in range(6)]
    assert [r.status_code for r in replies] == [302] * 5 + [429]
    assert "Too many attempts. Try again in" in replies[-1].content.decode()
    assert 0 < int(replies[-1]["Retry-After"]) <= 3600


@pytest.mark.parametrize("send", [request_reset, sign_up])
def test_one_ip_is_stopped_after_twenty_requests_for_different_emails(client, send):
    replies = [send(client, f"person{n}@example.com") for n in range(21)]
    assert [r.status_code for r in replies] == [302] * 20 + [429]


@pytest.mark.parametrize("send", [request_reset, sign_up])
def test_the_limit_looks_the_same_whether_or_not_the_email_has_an_account(client, send, frozen_clock):
    # One address, first without an account, then (counters reset, same frozen moment) with one: same bytes.
    def sixth_reply():
        cache.clear()
        replies = [send(client, "target@example.com", ip=f"203.0.113.{n}") for n in range(6)]
        return replies[-1]

    unknown = sixth_reply()
    get_user_model().objects.filter(email="target@example.com").delete()  # sign-up may have made one
    make_user("target@example.com")
    known = sixth_reply()
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert without_csrf(known.content) == without_csrf(unknown.content)
