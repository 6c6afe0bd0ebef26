"""manage.py commands for support work: audited with the operator's OS user, never a password argument."""

import getpass
import io
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accounts.sessions import index as session_index
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, sign_in
from tests.servers import ROOT, child_database_url

NEW_PASSWORD = "support desk walrus 808"
COMMANDS = ["set_password", "send_password_reset", "revoke_sessions", "deactivate", "activate"]
OPERATOR = f"os:{getpass.getuser()}"


def run(name, *args, stdin=""):
    out = io.StringIO()
    with mock.patch("sys.stdin", io.StringIO(stdin)):
        call_command(name, *args, stdout=out)
    return out.getvalue()


def browser_signed_in(email, password=PASSWORD):
    """A new browser that tried to sign in: (client, whether the password step passed)."""
    client = Client()
    return client, sign_in(client, email, password).status_code == 302


def test_set_password_from_stdin_signs_in_and_is_audited_with_the_command(user, mailoutbox):
    browser, _ = browser_signed_in(user.email)
    output = run("set_password", user.email, "--stdin", stdin=NEW_PASSWORD + "\n")
    assert "Password set for alice@example.com" in output
    assert browser_signed_in(user.email, NEW_PASSWORD)[1]
    assert not browser_signed_in(user.email, PASSWORD)[1]
    assert browser.get("/account/")["Location"].startswith("/login/")  # every old session ended
    event = AuthEvent.objects.get(event=events.PASSWORD_SET_BY_OPERATOR)
    assert event.user == user and event.details == {"command": "set_password", "actor": OPERATOR}
    assert NEW_PASSWORD not in str(list(AuthEvent.objects.values("details")))
    assert mailoutbox[-1].to == [user.email] and "set by our support team" in mailoutbox[-1].body


def test_set_password_prompts_twice_and_refuses_a_mismatch(user):
    with mock.patch("getpass.getpass", side_effect=[NEW_PASSWORD, NEW_PASSWORD + "x"]), \
            pytest.raises(CommandError, match="do not match"):
            call_command("set_password", user.email)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_set_password_prompting_twice_sets_it(user):
    with mock.patch("getpass.getpass", side_effect=[NEW_PASSWORD, NEW_PASSWORD]):
        call_command("set_password", user.email, stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_set_password_applies_the_policy(user):
    with pytest.raises(CommandError, match="too common"):
        run("set_password", user.email, "--stdin", stdin="password1234\n")
    with pytest.raises(CommandError, match="at most 1024"):
        run("set_password", user.email, "--stdin", stdin="y" * 1_000_000 + "\n")
    with pytest.raises(CommandError, match="No password"):
        run("set_password", user.email, "--stdin", stdin="")


def test_set_password_takes_no_password_argument(user):
    with pytest.raises(CommandError):
        call_command("set_password", user.email, NEW_PASSWORD)


def test_send_password_reset_mails_a_link_and_audits_the_operator(user, mailoutbox):
    assert "sent to alice@example.com" in run("send_password_reset", user.email)
    assert "https://authsite.test/password/reset/" in mailoutbox[-1].body
    event = AuthEvent.objects.get(event=events.PASSWORD_RESET_LINK_SENT)
    assert event.details["actor"] == OPERATOR


def test_send_password_reset_refuses_a_deactivated_account(user, mailoutbox):
    run("deactivate", user.email)
    mailoutbox.clear()  # the owner was told of the deactivation; nothing else may follow
    with pytest.raises(CommandError, match="deactivated"):
        run("send_password_reset", user.email)
    assert mailoutbox == []


def test_revoke_sessions_ends_every_session_and_is_audited(user):
    first, _ = browser_signed_in(user.email)
    second, _ = browser_signed_in(user.email)
    assert "Ended 2 session(s)" in run("revoke_sessions", user.email)
    assert session_index.keys(user.pk) == []
    assert first.get("/account/").status_code == 302 and second.get("/account/").status_code == 302
    event = AuthEvent.objects.filter(event=events.SESSIONS_REVOKED).latest("id")
    assert event.details["actor"] == OPERATOR and event.details["reason"] == "command:revoke_sessions"


def test_deactivate_ends_sessions_and_blocks_sign_in_until_activated(user):
    browser, _ = browser_signed_in(user.email)
    assert "Deactivated alice@example.com; ended 1 session(s)" in run("deactivate", user.email)
    assert browser.get("/account/").status_code == 302
    assert not browser_signed_in(user.email)[1]
    run("activate", user.email)
    assert browser_signed_in(user.email)[1]
    deactivated = AuthEvent.objects.get(event=events.ACCOUNT_DEACTIVATED)
    activated = AuthEvent.objects.get(event=events.ACCOUNT_ACTIVATED)
    assert deactivated.details == {"command": "deactivate", "actor": OPERATOR}
    assert activated.details == {"command": "activate", "actor": OPERATOR}


@pytest.mark.parametrize("name", COMMANDS)
def test_unknown_email_is_a_clear_error(name, db):
    with pytest.raises(CommandError, match="No account has the email address 'ghost@example.com'"):
        run(name, "Ghost@Example.com", "--stdin" if name == "set_password" else "--no-color")


def test_unknown_email_exits_with_code_1_and_every_command_has_help(db):
    # A real process, as an operator runs it: the exit code and the --help text.
    for name in COMMANDS:
        helped = subprocess.run([sys.executable, "manage.py", name, "--help"], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert helped.returncode == 0 and "email" in helped.stdout.lower(), name
    failed = subprocess.run([sys.executable, "manage.py", "revoke_sessions", "ghost@example.com"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "DATABASE_URL": child_database_url()})
    assert failed.returncode == 1
    assert "No account has the email address 'ghost@example.com'" in failed.stderr
