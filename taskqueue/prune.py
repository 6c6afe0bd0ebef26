"""Delete finished task rows after TASK_RETENTION_DAYS, and heartbeats of long-gone workers."""

import logging
from datetime import timedelta

from django_tasks_db.models import DBTaskResult

from taskqueue.conf import taskqueue_settings
from taskqueue.models import WorkerHeartbeat

logger = logging.getLogger("authsite.taskqueue")


def prune_finished_tasks(now):
    """Delete sent and failed task rows older than the retention period. Returns how many rows went."""
    cutoff = now - timedelta(days=taskqueue_settings.TASK_RETENTION_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    if deleted:
        logger.info("pruned %d finished task row(s) older than %s", deleted, cutoff.isoformat())
    return deleted
