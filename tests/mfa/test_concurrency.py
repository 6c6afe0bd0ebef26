"""Parallel requests against two gunicorn workers: one TOTP code and one recovery code each win exactly once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD
from tests.http_client import PlainHttpBrowser
from tests.mfa.helpers import CODE_PAGE, authenticator, enrol
from tests.servers import gunicorn
from tests.smtp import body_of, smtp_server
from tests.workers import db_worker


def pending_browsers(base, user, count):
    """`count` browsers that have each passed the password step and hold the code page's CSRF token."""
    browsers = []
    for _ in range(count):
        browser = PlainHttpBrowser(base)
        response = browser.sign_in_with_password(user.email, PASSWORD)
        assert response.status_code == 302 and response.headers["Location"].startswith(CODE_PAGE)
        browsers.append((browser, browser.csrf_token(CODE_PAGE)))
    return browsers


def submit_together(browsers, code):
    """Every browser submits `code` at the same instant. Returns the status codes and whether each is signed in."""
    start = threading.Barrier(len(browsers))

    def submit(pair):
        browser, token = pair
        start.wait()
        response = browser.submit(CODE_PAGE, {"code": code}, token=token)
        return response.status_code, response.headers.get("Location")

    with ThreadPoolExecutor(len(browsers)) as pool:
        return list(pool.map(submit, browsers))


def test_ten_parallel_submissions_of_one_fresh_code_sign_in_exactly_once(live_gunicorn, user):
    device, _ = enrol(user)
    browsers = pending_browsers(live_gunicorn, user, 10)
    results = submit_together(browsers, authenticator(device).now())
    assert [status for status, _ in results].count(302) == 1, results
    assert all(status in (400, 429) for status, _ in results if status != 302), results
    signed_in = [browser for browser, _ in browsers if browser.get("/account/").status_code == 200]
    assert len(signed_in) == 1


def test_two_parallel_uses_of_one_recovery_code_sign_in_exactly_once_and_mail_once(transactional_db, user):
    _, codes = enrol(user)
    with smtp_server() as (inbox, port), gunicorn(workers=2) as base, db_worker(port):
        results = submit_together(pending_browsers(base, user, 2), codes[0])
        [message] = inbox.wait_for(1)
    assert sorted(status for status, _ in results) == [302, 400], results
    assert len(inbox.messages) == 1 and "recovery code was used" in body_of(message)
    assert codes[0] not in body_of(message)


def a_wrong_code(device):
    """A code that is not valid in this or either neighbouring 30-second step."""
    valid = {authenticator(device).at(time.time() + offset * 30) for offset in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in valid)


def test_parallel_guesses_in_one_pending_login_check_at_most_five_codes(live_gunicorn, user):
    device, _ = enrol(user)
    [(browser, token)] = pending_browsers(live_gunicorn, user, 1)
    results = submit_together([(browser, token)] * 20, a_wrong_code(device))
    assert all(status in (302, 400, 429) for status, _ in results), results
    assert AuthEvent.objects.filter(event=events.MFA_FAILED, user=user).count() <= 5
    assert AuthEvent.objects.filter(event=events.MFA_LOGIN_ENDED, user=user).exists()
    # The login is over: the right code no longer helps this pending login.
    response = browser.submit(CODE_PAGE, {"code": authenticator(device).now()}, token=token)
    assert browser.get("/account/").status_code == 302, response
