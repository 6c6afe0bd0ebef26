"""When a failed task is tried again: back-off doubling to a ceiling, at least a day of retries, and no retry for a
refusal that cannot change. The worker's fail-or-retry step on real task rows, in-process."""

import smtplib

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from taskqueue import retry
from taskqueue.conf import reclaim_within_seconds
from taskqueue.worker import fail_or_retry


def attempts_until_given_up(exc):
    attempts = 1
    while retry.next_attempt_delay(attempts, exc) is not None:
        attempts += 1
    return attempts


def test_waits_double_from_30_seconds_up_to_an_hour():
    assert [retry.delay_before(n) for n in range(1, 10)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_failing_mail_is_retried_for_at_least_24_hours_then_given_up():
    attempts = attempts_until_given_up(ConnectionRefusedError())
    waited = retry.total_wait(attempts - 1)  # the waits between the first and the last attempt
    assert 24 * 3600 <= waited < 25 * 3600, waited
    assert attempts < 40  # about hourly once the ceiling is reached, not a storm


def test_jitter_only_lengthens_a_wait():
    waits = {retry.next_attempt_delay(3, OSError()).total_seconds() for _ in range(50)}
    assert min(waits) >= 120 and max(waits) <= 144 and len(waits) > 1


def test_a_permanent_refusal_of_every_recipient_is_not_retried_but_a_temporary_one_is():
    permanent = smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"no such user")})
    temporary = smtplib.SMTPRecipientsRefused({"a@example.com": (450, b"greylisted, try later")})
    assert retry.next_attempt_delay(1, permanent) is None
    assert retry.next_attempt_delay(1, temporary) is not None
    # A wrong SMTP password is fixed by an operator within the day: retried.
    assert retry.next_attempt_delay(1, smtplib.SMTPAuthenticationError(535, b"bad credentials")) is not None


def test_production_clocks_hand_a_dead_workers_task_to_another_within_two_minutes():
    assert reclaim_within_seconds() <= 120


def a_claimed_row(attempts):
    row = DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="accounts.mail.send_mail",
                                      backend_name="default", run_after=get_date_max(),
                                      status=TaskResultStatus.RUNNING, started_at=timezone.now(),
                                      worker_ids=[f"worker{n}" for n in range(attempts)])
    return row


@pytest.mark.django_db
def test_a_failed_attempt_goes_back_to_the_queue_later_with_its_error():
    row = a_claimed_row(1)
    before = timezone.now()
    fail_or_retry(row, ConnectionRefusedError(111, "Connection refused"))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert 30 <= (row.run_after - before).total_seconds() <= 37
    assert row.exception_class_path == "builtins.ConnectionRefusedError" and "Connection refused" in row.traceback
    assert not DBTaskResult.objects.ready().filter(pk=row.pk).exists()  # not before its time


@pytest.mark.django_db
def test_the_attempt_after_the_budget_marks_the_task_failed(caplog):
    row = a_claimed_row(attempts_until_given_up(OSError()))
    fail_or_retry(row, TimeoutError("timed out"))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and row.finished_at is not None
    assert "failed for good" in caplog.text


def test_start_up_refuses_clocks_that_would_take_a_task_from_a_live_worker(settings):
    from taskqueue.checks import check_task_queue

    assert check_task_queue() == []
    settings.AUTHSITE_TASK_WORKER_LOST_SECONDS = 20  # two heartbeats: a busy worker's late beat would look dead
    assert [error.id for error in check_task_queue()] == ["taskqueue.E002"]


def test_start_up_refuses_a_task_backend_that_would_drop_mail_or_send_it_on_the_request(settings):
    from taskqueue.checks import check_task_queue

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert [error.id for error in check_task_queue()] == ["taskqueue.E001"]
