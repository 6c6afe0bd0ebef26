"""The audit trail: every login outcome recorded, nothing secret in it or in the logs."""

import logging

import pytest
from django.contrib.admin.sites import site

from audit import events
from audit.models import AuthEvent
from audit.record import SecretInAuditTrail, record
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_success_failure_and_logout_are_recorded(client, user):
    client.post("/login/", {"email": "ALICE@example.com", "password": "wrong wrong wrong"}, REMOTE_ADDR="203.0.113.9",
                HTTP_USER_AGENT="TestAgent/1.0")
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    client.post("/logout/")
    failed, succeeded, logout = AuthEvent.objects.order_by("id")
    assert (failed.event, failed.user, failed.ip, failed.user_agent) == (events.LOGIN_FAILED, user, "203.0.113.9",
                                                                          "TestAgent/1.0")
    assert failed.details["email"] == "alice@example.com"
    assert (succeeded.event, succeeded.user) == (events.LOGIN_SUCCEEDED, user)
    assert (logout.event, logout.user) == (events.LOGOUT, user)


def test_failure_for_an_unknown_email_records_the_email_tried(client):
    client.post("/login/", {"email": "Ghost@Example.com", "password": "whatever it was"})
    event = AuthEvent.objects.get()
    assert event.user is None and event.details["email"] == "ghost@example.com"


def test_no_password_reaches_the_audit_trail_or_any_log_line(client, user, caplog, capfd):
    wrong = "Wrong-Password-Marker-7781"
    caplog.set_level(logging.DEBUG)
    client.post("/login/", {"email": user.email, "password": wrong})
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    client.post("/logout/")
    out, err = capfd.readouterr()
    for secret in (wrong, PASSWORD):
        assert secret not in caplog.text
        assert secret not in out + err
        for event in AuthEvent.objects.all():
            assert secret not in str(event.details) and secret not in event.user_agent
    assert AuthEvent.objects.count() == 3


@pytest.mark.parametrize("name", ["password", "new_password", "reset_token", "otp", "recovery_code", "secret"])
def test_record_refuses_details_named_like_secrets(name):
    with pytest.raises(SecretInAuditTrail):
        record("test.event", **{name: "x"})


def test_actor_is_kept_in_details(user):
    entry = record("test.event", user=user, actor="os:root")
    assert entry.details == {"actor": "os:root"}


def test_audit_trail_is_read_only_in_the_admin(rf, staff_user):
    admin = site._registry[AuthEvent]
    request = rf.get("/admin/audit/authevent/")
    request.user = staff_user
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)
