"""A task left RUNNING by a dead worker goes back to the queue; a live worker's task is never taken from it; finished
rows are deleted after the retention period (7 days by default). In-process, on real rows."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from taskqueue.models import WorkerHeartbeat
from taskqueue.prune import prune_finished_tasks
from taskqueue.reclaim import reclaim_lost_tasks

pytestmark = pytest.mark.django_db


def beat(worker_id, seconds_ago):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id=worker_id, hostname="test", pid=1, started_at=now - timedelta(hours=1),
                                   seen_at=now - timedelta(seconds=seconds_ago))


def task_row(status, *, worker_ids=(), started_seconds_ago=None, finished_days_ago=None):
    now = timezone.now()
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="accounts.mail.send_mail", backend_name="default",
        run_after=get_date_max(), status=status, worker_ids=list(worker_ids),
        started_at=None if started_seconds_ago is None else now - timedelta(seconds=started_seconds_ago),
        finished_at=None if finished_days_ago is None else now - timedelta(days=finished_days_ago),
    )


def status_of(row):
    row.refresh_from_db()
    return row.status


def test_a_task_running_on_a_worker_that_stopped_beating_goes_back_to_the_queue():
    beat("dead", seconds_ago=61)
    row = task_row(TaskResultStatus.RUNNING, worker_ids=["dead"], started_seconds_ago=70)
    assert reclaim_lost_tasks(timezone.now()) == 1
    assert status_of(row) == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=row.pk).exists()


def test_a_task_of_a_worker_with_no_heartbeat_at_all_goes_back_to_the_queue():
    row = task_row(TaskResultStatus.RUNNING, worker_ids=["earlier", "vanished"], started_seconds_ago=600)
    reclaim_lost_tasks(timezone.now())
    assert status_of(row) == TaskResultStatus.READY


def test_a_long_task_of_a_live_worker_is_left_alone():
    beat("alive", seconds_ago=5)
    row = task_row(TaskResultStatus.RUNNING, worker_ids=["dead-before", "alive"], started_seconds_ago=600)
    assert reclaim_lost_tasks(timezone.now()) == 0
    assert status_of(row) == TaskResultStatus.RUNNING


def test_a_task_claimed_moments_ago_is_left_alone_even_before_its_workers_first_beat_is_seen():
    row = task_row(TaskResultStatus.RUNNING, worker_ids=["brand-new"], started_seconds_ago=1)
    reclaim_lost_tasks(timezone.now())
    assert status_of(row) == TaskResultStatus.RUNNING


def test_finished_rows_are_pruned_after_seven_days_queued_and_recent_ones_stay():
    old_sent = task_row(TaskResultStatus.SUCCESSFUL, finished_days_ago=8)
    old_failed = task_row(TaskResultStatus.FAILED, finished_days_ago=8)
    recent = task_row(TaskResultStatus.SUCCESSFUL, finished_days_ago=6)
    queued = task_row(TaskResultStatus.READY)
    assert prune_finished_tasks(timezone.now()) == 2
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, queued.pk}
    assert old_sent.pk not in remaining and old_failed.pk not in remaining


def test_prune_tasks_command_follows_the_retention_setting(settings):
    settings.AUTHSITE_TASK_RETENTION_DAYS = 2
    task_row(TaskResultStatus.SUCCESSFUL, finished_days_ago=3)
    kept = task_row(TaskResultStatus.SUCCESSFUL, finished_days_ago=1)
    out = StringIO()
    call_command("prune_tasks", stdout=out)
    assert "Deleted 1 finished task row(s) older than 2 days" in out.getvalue()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [kept.pk]


def test_heartbeats_of_long_gone_workers_are_pruned_too():
    beat("gone", seconds_ago=8 * 24 * 3600)
    beat("here", seconds_ago=1)
    prune_finished_tasks(timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]
