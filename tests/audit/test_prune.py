"""Retention: old security events are pruned on demand, and the pruning is itself recorded."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuthEvent
from audit.record import record

pytestmark = pytest.mark.django_db


def test_events_past_retention_are_deleted_and_the_pruning_recorded():
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        record("login.failed", email="old@example.com")
    record("login.failed", email="new@example.com")
    out = StringIO()
    call_command("prune_audit", stdout=out)
    assert "Deleted 1 event(s)" in out.getvalue()
    assert [e.event for e in AuthEvent.objects.order_by("id")] == ["login.failed", "audit.pruned"]
    pruned = AuthEvent.objects.get(event="audit.pruned")
    assert pruned.details["count"] == 1 and pruned.details["actor"].startswith("os:")


def test_dry_run_deletes_nothing():
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        record("logout")
    out = StringIO()
    call_command("prune_audit", "--older-than-days", "30", "--dry-run", stdout=out)
    assert "1 event(s) older than 30 days would be deleted" in out.getvalue()
    assert AuthEvent.objects.count() == 1


def test_a_retention_below_one_day_is_refused():
    with pytest.raises(CommandError):
        call_command("prune_audit", "--older-than-days", "0")
