"""Operators: the admin shows who has two-factor; a superuser (or manage.py reset_mfa) can reset it."""

import getpass

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.sessions import index as session_index
from audit import events
from audit.models import AuthEvent
from mfa.models import RecoveryCode
from tests.helpers import make_user
from tests.mfa.helpers import authenticator, enrol, sign_in_with_code

USERS = "/admin/accounts/user/"


def operator_client(client, user):
    device, _ = enrol(user)
    assert sign_in_with_code(client, user, authenticator(device).now()).status_code == 302
    return client


def assert_reset(user, actor):
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    entry = AuthEvent.objects.get(user=user, event=events.MFA_RESET)
    assert entry.details["actor"] == actor
    assert any(m.to == [user.email] and "reset by support" in m.subject for m in mail.outbox)


def test_user_list_shows_and_filters_who_has_two_factor(client, superuser, enrolled):
    user, _, _ = enrolled
    make_user("plain@example.com")
    operator_client(client, superuser)
    listing = client.get(USERS)
    assert listing.status_code == 200 and b"two-factor" in listing.content
    with_two_factor = client.get(USERS, {"two_factor": "yes"}).content.decode()
    assert user.email in with_two_factor and "plain@example.com" not in with_two_factor
    assert "plain@example.com" in client.get(USERS, {"two_factor": "no"}).content.decode()


def test_superuser_resets_two_factor_and_ends_the_users_sessions(client, superuser, enrolled):
    user, device, _ = enrolled
    victim_browser = Client()
    sign_in_with_code(victim_browser, user, authenticator(device).now())
    assert session_index.keys(user.pk)
    operator_client(client, superuser)
    response = client.post(USERS, {"action": "reset_two_factor_action", "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert_reset(user, actor=superuser.email)
    assert not session_index.keys(user.pk)
    assert victim_browser.get("/account/").status_code == 302


def test_staff_who_are_not_superusers_cannot_reset(client, enrolled):
    user, _, _ = enrolled
    staff = make_user("helpdesk@example.com", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    operator_client(client, staff)
    assert b"reset_two_factor_action" not in client.get(USERS).content
    client.post(USERS, {"action": "reset_two_factor_action", "_selected_action": [user.pk]})
    assert TOTPDevice.objects.filter(user=user).exists()


def test_reset_mfa_command_resets_and_audits_the_os_user(enrolled, capsys):
    user, _, _ = enrolled
    call_command("reset_mfa", user.email.upper())
    assert_reset(user, actor=f"os:{getpass.getuser()}")
    assert "reset" in capsys.readouterr().out


def test_reset_mfa_command_refuses_an_unknown_email(db):
    with pytest.raises(CommandError) as failure:
        call_command("reset_mfa", "nobody@example.com")
    assert failure.value.returncode == 1


def test_reset_mfa_on_a_user_without_two_factor_changes_nothing(user, capsys):
    call_command("reset_mfa", user.email)
    assert "nothing changed" in capsys.readouterr().out
    assert not AuthEvent.objects.filter(event=events.MFA_RESET).exists()
    assert not mail.outbox
