"""The login page under lockout, the owner's email, and the operators' ways to see and clear locks."""

import re

from django.core.management import call_command

from accounts import throttle
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, is_signed_in

WRONG = "not the password at all"


def lock(client, email):
    for _ in range(5):
        assert client.post("/login/", {"email": email, "password": WRONG}).status_code == 400


def test_locked_account_gets_429_with_retry_after_and_the_form_back_without_the_password(client, user):
    lock(client, user.email)
    response = client.post("/login/", {"email": "Alice@Example.com", "password": PASSWORD, "remember": "on"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    body = response.content.decode()
    assert "Too many attempts. Try again in 15 minutes." in body
    assert 'value="Alice@Example.com"' in body
    assert PASSWORD not in body
    assert re.search(r'name="remember"[^>]*checked', body)
    assert not is_signed_in(client)


def test_the_owner_gets_one_email_per_lockout(client, user, mailoutbox):
    lock(client, user.email)
    for _ in range(3):
        assert client.post("/login/", {"email": user.email, "password": WRONG}).status_code == 429
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert "paused" in message.subject
    assert "15 minutes" in message.body and "If this was not you" in message.body
    assert WRONG not in message.body


def test_lockout_is_audited_without_the_password(client, user):
    lock(client, user.email)
    event = AuthEvent.objects.get(event=events.LOGIN_ACCOUNT_LOCKED)
    assert event.user == user and event.ip == "127.0.0.1"
    assert WRONG not in str(event.details)


def test_unlock_command_clears_an_account_lock_as_the_os_user(client, user, capsys):
    lock(client, user.email)
    call_command("unlock", "ALICE@example.com")
    assert "Unlocked" in capsys.readouterr().out
    assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    event = AuthEvent.objects.get(event=events.LOGIN_LOCK_CLEARED)
    assert event.details["actor"].startswith("os:") and event.user == user


def test_unlock_command_clears_an_ip_lock(client, db, settings, capsys):
    settings.AUTHSITE_LOGIN_IP_MAX_FAILURES = 2
    for email in ["a@example.com", "b@example.com"]:
        client.post("/login/", {"email": email, "password": WRONG})
    assert client.post("/login/", {"email": "c@example.com", "password": WRONG}).status_code == 429
    call_command("unlock", "--ip", "127.0.0.1")
    assert client.post("/login/", {"email": "c@example.com", "password": WRONG}).status_code == 400


def test_admin_lists_locked_accounts_and_ips_and_unlocks_them(operator_client, client, user, settings):
    settings.AUTHSITE_LOGIN_IP_MAX_FAILURES = 6
    for email in [user.email] * 5 + ["ghost@example.com"]:
        throttle.check_login_allowed(_request(), email)
        throttle.login_failed(_request(), email)
    page = operator_client.get("/admin/accounts/user/lockouts/")
    assert page.status_code == 200
    assert user.email in page.content.decode() and "192.0.2.1" in page.content.decode()
    response = operator_client.post("/admin/accounts/user/lockouts/", {"kind": "account", "label": user.email})
    assert response.status_code == 302
    assert throttle.locked_accounts() == []
    operator_client.post("/admin/accounts/user/lockouts/", {"kind": "ip", "label": "192.0.2.1"})
    assert throttle.locked_ips() == []
    actors = set(AuthEvent.objects.filter(event=events.LOGIN_LOCK_CLEARED).values_list("details__actor", flat=True))
    assert actors == {"ops@example.com"}


def test_admin_user_list_marks_locked_accounts_and_an_action_unlocks_them(operator_client, user):
    for _ in range(5):
        throttle.check_login_allowed(_request(), user.email)
        throttle.login_failed(_request(), user.email)
    page = operator_client.get("/admin/accounts/user/").content.decode()
    assert "Login locked" in page and "Locked accounts and IPs" in page
    rows = {email: row for row in re.findall(r"<tr.*?</tr>", page, re.S) for email in re.findall(r">(\S+@example\.com)<", row)}
    assert 'class="field-login_locked"><img src="/static/admin/img/icon-yes.svg"' in rows["alice@example.com"]
    assert 'class="field-login_locked"><img src="/static/admin/img/icon-no.svg"' in rows["ops@example.com"]
    response = operator_client.post("/admin/accounts/user/", {"action": "clear_login_lock", "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert throttle.locked_accounts() == []
    assert AuthEvent.objects.get(event=events.LOGIN_LOCK_CLEARED).details["actor"] == "ops@example.com"


def test_lockouts_page_is_for_operators_only(client, user):
    client.force_login(user)
    assert client.get("/admin/accounts/user/lockouts/").status_code in (302, 403)


def _request():
    from django.test import RequestFactory

    return RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.1")
