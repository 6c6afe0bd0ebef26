"""What the task queue adds to django-tasks-db's table: which workers are alive, and the admin's view of the rows."""

from django.db import models
from django_tasks_db.models import DBTaskResult


class WorkerHeartbeat(models.Model):
    """A running worker (manage.py db_worker) says it is alive here every TASK_HEARTBEAT_SECONDS.

    django-tasks-db records which worker claimed a task (DBTaskResult.worker_ids) but nothing tells a live worker from
    a killed one, so a task whose worker died stays "running" forever. A worker whose heartbeat is older than
    TASK_WORKER_LOST_SECONDS is taken as dead and its running tasks go back to the queue (taskqueue.reclaim).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = "worker"

    def __str__(self):
        return f"worker {self.worker_id} on {self.hostname} (pid {self.pid})"


class MailTask(DBTaskResult):
    """django-tasks-db's task rows, as the admin's read-only mail queue shows them (taskqueue.admin)."""

    class Meta:
        proxy = True
        verbose_name = "mail task"
        verbose_name_plural = "mail tasks (queued, retrying, failed)"
