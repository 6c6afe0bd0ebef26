"""Hand tasks held by a dead worker back to the queue.

django-tasks-db claims a task by setting it RUNNING and appending the worker's id to worker_ids; if that worker is
killed (kill -9, out of memory, the machine gone) the task stays RUNNING forever. Every worker beats in
WorkerHeartbeat; a RUNNING task whose last worker has not beaten for TASK_WORKER_LOST_SECONDS is set READY again and
any worker picks it up. A mail that was handed to the mail server just before the kill is then sent twice: at least
once, at worst twice, never lost.
"""

import logging
from datetime import timedelta

from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from taskqueue.conf import taskqueue_settings
from taskqueue.models import WorkerHeartbeat

logger = logging.getLogger("authsite.taskqueue")


def reclaim_lost_tasks(now):
    """Set READY every RUNNING task whose worker is gone. Returns how many."""
    lost_before = now - timedelta(seconds=taskqueue_settings.TASK_WORKER_LOST_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=lost_before).values_list("worker_id", flat=True))
    reclaimed = 0
    with exclusive_transaction(DBTaskResult.objects.db):
        # started_at before the cut-off: a task claimed a moment ago cannot be taken from a worker that has just started.
        candidates = DBTaskResult.objects.running().filter(started_at__lt=lost_before).select_for_update(skip_locked=True)
        for row in candidates:
            if row.worker_ids and row.worker_ids[-1] in alive:
                continue
            row.status = TaskResultStatus.READY
            row.save(update_fields=["status"])
            reclaimed += 1
            logger.warning("task %s (%s) was running on lost worker %s: back in the queue",
                           row.id, row.task_name, row.worker_ids[-1] if row.worker_ids else "?")
    return reclaimed
