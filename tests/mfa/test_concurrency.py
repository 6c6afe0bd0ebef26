"""Parallel requests against two gunicorn workers: one TOTP code and one recovery code each win exactly once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller

from tests.helpers import PASSWORD
from tests.mfa.helpers import CODE_PAGE, authenticator, enrol
from tests.mfa.live import LiveBrowser
from tests.servers import free_port, gunicorn


def pending_browsers(base, user, count):
    """`count` browsers that have each passed the password step and hold the code page's CSRF token."""
    browsers = []
    for _ in range(count):
        browser = LiveBrowser(base)
        response = browser.sign_in_with_password(user.email, PASSWORD)
        assert response.status_code == 302 and response.headers["Location"].startswith(CODE_PAGE)
        browsers.append((browser, browser.form_token(CODE_PAGE)))
    return browsers


def submit_together(browsers, code):
    """Every browser submits `code` at the same instant. Returns the status codes and whether each is signed in."""
    start = threading.Barrier(len(browsers))

    def submit(pair):
        browser, token = pair
        start.wait()
        response = browser.post_form(CODE_PAGE, {"code": code}, token=token)
        return response.status_code, response.headers.get("Location")

    with ThreadPoolExecutor(len(browsers)) as pool:
        return list(pool.map(submit, browsers))


def test_ten_parallel_submissions_of_one_fresh_code_sign_in_exactly_once(live_gunicorn, user):
    device, _ = enrol(user)
    browsers = pending_browsers(live_gunicorn, user, 10)
    results = submit_together(browsers, authenticator(device).now())
    assert [status for status, _ in results].count(302) == 1, results
    assert all(status in (400, 429) for status, _ in results if status != 302), results
    signed_in = [browser for browser, _ in browsers if browser.request("GET", "/account/").status_code == 200]
    assert len(signed_in) == 1


class MailSink:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode())
        return "250 OK"


def test_two_parallel_uses_of_one_recovery_code_sign_in_exactly_once_and_mail_once(transactional_db, user):
    _, codes = enrol(user)
    sink = MailSink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        with gunicorn(workers=2, extra_env={"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port)}) as base:
            results = submit_together(pending_browsers(base, user, 2), codes[0])
    finally:
        smtp.stop()
    assert sorted(status for status, _ in results) == [302, 400], results
    assert len(sink.messages) == 1 and "recovery code was used" in sink.messages[0]
    assert codes[0] not in sink.messages[0]
