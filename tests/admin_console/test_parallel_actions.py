"""Two admins deactivate the same account at the same instant, on two gunicorn workers: it is recorded, its
sessions are ended and the person is mailed exactly once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, make_user
from tests.http_client import PlainHttpBrowser
from tests.mfa.helpers import CODE_PAGE, authenticator, enrol
from tests.servers import gunicorn
from tests.smtp import body_of, smtp_server
from tests.workers import db_worker


def admin_browser(base, admin):
    device, _ = enrol(admin)
    browser = PlainHttpBrowser(base)
    assert browser.sign_in_with_password(admin.email, PASSWORD).headers["Location"].startswith(CODE_PAGE)
    assert browser.submit(CODE_PAGE, {"code": authenticator(device).now()}).status_code == 302
    return browser


def test_two_admins_deactivating_at_once_record_and_mail_it_once(transactional_db):
    user = make_user("alice@example.com")
    admins = [make_user(f"root{number}@example.com", is_staff=True, is_superuser=True) for number in range(2)]
    url = f"/admin/accounts/user/{user.pk}/actions/deactivate/"
    with smtp_server() as (inbox, port), db_worker(port):
        with gunicorn(workers=2, extra_env={"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port)}) as base:
            browsers = [admin_browser(base, admin) for admin in admins]
            victim = PlainHttpBrowser(base)
            assert victim.sign_in_with_password(user.email, PASSWORD).status_code == 302
            pending = [(browser, browser.csrf_token(url)) for browser in browsers]
            start = threading.Barrier(len(pending))

            def confirm(pair):
                browser, token = pair
                start.wait()
                return browser.submit(url, {"confirmed": "yes"}, token=token).status_code

            with ThreadPoolExecutor(len(pending)) as pool:
                assert list(pool.map(confirm, pending)) == [302, 302]
            assert victim.get("/account/").status_code == 302
        inbox.wait_for(1)
    user.refresh_from_db()
    assert not user.is_active
    assert AuthEvent.objects.filter(event=events.ACCOUNT_DEACTIVATED, user=user).count() == 1
    assert AuthEvent.objects.filter(event=events.SESSIONS_REVOKED, user=user).count() == 1
    notices = [message for message in inbox.messages if "deactivated" in body_of(message)]
    assert len(notices) == 1
