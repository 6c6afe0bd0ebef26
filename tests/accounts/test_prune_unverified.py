"""prune_unverified: sign-ups never verified are deleted after a week (a setting); the pruning is audited."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit import events
from audit.models import AuthEvent
from tests.helpers import make_user

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]


def emails():
    return sorted(get_user_model().objects.values_list("email", flat=True))


@pytest.fixture
def accounts():
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        make_user("stale@example.com", email_verified=False)
        make_user("verified@example.com")
        make_user("staff-unverified@example.com", email_verified=False, is_staff=True)
        signed_in = make_user("signed-in-once@example.com", email_verified=False)
        signed_in.last_login = timezone.now()
        signed_in.save()
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        make_user("recent@example.com", email_verified=False)


def run(*args):
    out = StringIO()
    call_command("prune_unverified", *args, stdout=out)
    return out.getvalue()


def test_only_never_verified_sign_ups_older_than_a_week_are_deleted_and_audited(accounts):
    assert "Deleted 1 unverified account(s) older than 7 days" in run()
    assert emails() == ["recent@example.com", "signed-in-once@example.com", "staff-unverified@example.com",
                        "verified@example.com"]
    pruned = AuthEvent.objects.get(event=events.UNVERIFIED_PRUNED)
    assert pruned.details["count"] == 1 and pruned.details["older_than_days"] == 7
    assert pruned.details["actor"].startswith("os:")


def test_the_age_is_a_setting(accounts, settings):
    settings.AUTHSITE_UNVERIFIED_ACCOUNT_DAYS = 5
    assert "Deleted 2 unverified account(s) older than 5 days" in run()
    assert "recent@example.com" not in emails()


def test_the_age_can_be_given_for_one_run(accounts):
    assert "Deleted 2" in run("--older-than-days", "3")


def test_dry_run_deletes_nothing_and_records_nothing(accounts):
    assert "1 unverified account(s) older than 7 days would be deleted" in run("--dry-run")
    assert "stale@example.com" in emails()
    assert not AuthEvent.objects.filter(event=events.UNVERIFIED_PRUNED).exists()


def test_the_address_is_free_again_for_a_sign_up(accounts, client, mailoutbox):
    run()
    client.post("/signup/", {"email": "stale@example.com", "display_name": "Real Owner",
                             "new_password1": "a brand new passphrase 7", "new_password2": "a brand new passphrase 7"})
    assert "/signup/verify/" in mailoutbox[-1].body  # a verification link, not "someone tried to sign up"


def test_a_period_below_one_day_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        run("--older-than-days", "0")
