"""Two gunicorn servers (2 workers each) on one PostgreSQL and one Redis behave as one server: whichever of them a
load balancer picks, a session, a revocation, a lockout and a reset link mean the same thing. Mail goes as in
production: a request on a server queues a task, and a separate mail worker process (`manage.py db_worker`) sends it."""

from contextlib import ExitStack

import pytest

from tests.helpers import PASSWORD, make_user, path_of
from tests.http_client import PlainHttpBrowser
from tests.servers import gunicorn, wait_for
from tests.smtp import body_of, link_in, smtp_server
from tests.workers import db_worker

WRONG = "not the password at all"
NEW_PASSWORD = "lighthouse saffron 2041"
OLD_KEY = "the-key-every-server-has-used-until-today-0123456789"


@pytest.fixture(scope="module")
def mail_and_servers(django_db_setup):
    """(inbox, A, B, smtp_port): two servers with the same settings behind a pretend load balancer (one trusted
    proxy), and the loopback SMTP server a mail worker delivers to."""
    with ExitStack() as stack:
        inbox, port = stack.enter_context(smtp_server())
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "TRUSTED_PROXY_COUNT": "1",
               "AUTHSITE_LOGIN_IP_MAX_FAILURES": "3", "SECRET_KEY": OLD_KEY}
        a = stack.enter_context(gunicorn(workers=2, extra_env=env))
        b = stack.enter_context(gunicorn(workers=2, extra_env=env))
        yield inbox, a, b, port


@pytest.fixture
def servers(mail_and_servers, transactional_db):
    return mail_and_servers[1:3]


def signed_in(base, user, ip="198.51.100.7"):
    browser = PlainHttpBrowser(base)
    response = browser.submit("/login/", {"email": user.email, "password": PASSWORD}, headers=forwarded(ip))
    assert response.status_code == 302, response.text
    return browser


def forwarded(ip):
    # What the load balancer (the one trusted proxy) appends: the client's address.
    return {"X-Forwarded-For": ip}


def test_a_session_made_on_a_is_accepted_on_b(servers):
    a, b = servers
    user = make_user("alice@example.com")
    browser = signed_in(a, user)
    assert browser.on(b).get("/account/").status_code == 200
    assert browser.get("/account/").status_code == 200


def test_sign_out_everywhere_on_b_refuses_as_session_at_its_next_request(servers):
    a, b = servers
    user = make_user("alice@example.com")
    laptop, phone = signed_in(a, user), signed_in(b, user)
    token = phone.csrf_token("/account/sessions/")
    assert phone.post("/account/sessions/end-others/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert laptop.get("/account/").status_code == 302
    assert laptop.on(b).get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 200 and phone.on(a).get("/account/").status_code == 200


def test_five_wrong_passwords_split_across_a_and_b_lock_the_account(servers):
    a, b = servers
    user = make_user("alice@example.com")
    for attempt in range(5):
        browser = PlainHttpBrowser((a, b)[attempt % 2])
        response = browser.submit("/login/", {"email": user.email, "password": WRONG},
                                  headers=forwarded(f"198.51.100.{attempt + 10}"))
        assert response.status_code == 400
    for base in (a, b):
        response = PlainHttpBrowser(base).submit("/login/", {"email": user.email, "password": PASSWORD},
                                                 headers=forwarded("203.0.113.50"))
        assert response.status_code == 429, base


def test_a_reset_link_mailed_via_a_works_on_b(mail_and_servers, transactional_db):
    # A queues the reset; the mail worker (a third process, as in production) issues the link and mails it; B,
    # which neither took the request nor issued the link, honours it once. The worker keys the link's account
    # fingerprint with SECRET_KEY, so it runs with the servers' key, as every worker must.
    inbox, a, b, port = mail_and_servers
    user = make_user("reset-me@example.com")
    asker = PlainHttpBrowser(a)
    with db_worker(port, extra_env={"SECRET_KEY": OLD_KEY}):
        assert asker.submit("/password/reset/", {"email": user.email}).status_code == 302
        wait_for(lambda: any(user.email in message["To"] for message in inbox.messages), what="the reset mail")
    path = path_of(link_in(body_of(inbox.last_to(user.email)), "/password/reset/"))
    follower = PlainHttpBrowser(b)
    assert follower.get(path).headers["Location"] == "/password/reset/set/"
    response = follower.submit("/password/reset/set/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.headers["Location"] == "/login/"
    assert PlainHttpBrowser(a).submit("/login/", {"email": user.email, "password": NEW_PASSWORD}).status_code == 302
    assert follower.on(a).get(path).status_code == 400  # used once, on either server


def test_an_ip_lock_locks_that_client_only_when_the_balancer_is_a_trusted_proxy(servers):
    # With TRUSTED_PROXY_COUNT unset every client would share the balancer's address and this lock would lock all.
    a, b = servers
    user = make_user("alice@example.com")
    for attempt in range(3):  # AUTHSITE_LOGIN_IP_MAX_FAILURES=3 on both servers
        PlainHttpBrowser((a, b)[attempt % 2]).submit(
            "/login/", {"email": f"nobody{attempt}@example.com", "password": WRONG}, headers=forwarded("192.0.2.66"))
    refused = PlainHttpBrowser(b).submit("/login/", {"email": user.email, "password": PASSWORD},
                                         headers=forwarded("192.0.2.66"))
    assert refused.status_code == 429
    signed_in(a, user, ip="192.0.2.77")


def test_a_new_secret_key_rolls_out_without_signing_anyone_out(mail_and_servers, transactional_db):
    # Server C already has the new key and keeps the old one as a fallback: sessions made on A stay valid on C.
    # Server D has the new key alone: it refuses them, which is why every server needs the same keys.
    _, a, _, _ = mail_and_servers
    user = make_user("alice@example.com")
    new_key = "the-new-key-" + "z" * 40
    with gunicorn(workers=1, extra_env={"SECRET_KEY": new_key, "SECRET_KEY_FALLBACKS": OLD_KEY}) as c:
        assert signed_in(a, user).on(c).get("/account/").status_code == 200
    with gunicorn(workers=1, extra_env={"SECRET_KEY": new_key}) as d:
        assert signed_in(a, user).on(d).get("/account/").status_code == 302
