"""The worker behind `manage.py db_worker`: django-tasks-db's worker plus what durable mail needs.

- Retries: an attempt that raises goes back to the queue with back-off (taskqueue.retry) instead of being marked
  failed at once; only when the retry budget is spent (or the failure is permanent) is the task FAILED and logged.
- Heartbeat, reclaim and pruning run on a housekeeping thread beside the task loop: the worker says it is alive
  (WorkerHeartbeat), hands back tasks of dead workers (taskqueue.reclaim) and deletes old finished rows
  (taskqueue.prune). The task loop itself is django-tasks-db's, unchanged.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from functools import partial
from traceback import format_exception

from django.db import DatabaseError, close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import retry as retry_database_write

from taskqueue import retry
from taskqueue.conf import taskqueue_settings
from taskqueue.models import WorkerHeartbeat
from taskqueue.prune import prune_finished_tasks
from taskqueue.reclaim import reclaim_lost_tasks

logger = logging.getLogger("authsite.taskqueue")


class DurableWorker(Worker):
    def run(self):
        housekeeping = Housekeeping(self.worker_id)
        housekeeping.beat()  # alive before the first claim, so no other worker can take its task for a dead one's
        housekeeping.start()
        try:
            super().run()
        finally:
            housekeeping.stop()

    def run_task(self, db_task_result):
        # django-tasks-db calls set_failed() for any exception the task raises; retry instead while it makes sense.
        db_task_result.set_failed = partial(fail_or_retry, db_task_result)
        super().run_task(db_task_result)


def fail_or_retry(row, exc):
    """After a failed attempt: back into the queue with a later run_after, or FAILED when retrying is over."""
    attempts = len(row.worker_ids)
    # A worker stopped mid-task (Ctrl+C twice) is not the task's fault: it runs again at once.
    stopped = isinstance(exc, (KeyboardInterrupt, SystemExit))
    delay = timedelta(0) if stopped else retry.next_attempt_delay(attempts, exc)
    if delay is None:
        DBTaskResult.set_failed(row, exc)
        logger.error("task %s (%s) failed for good after %d attempt(s): %s",
                     row.id, row.task_name, attempts, type(exc).__name__)
        return
    _schedule_retry(row, exc, timezone.now() + delay)
    logger.warning("task %s (%s) attempt %d failed (%s); next attempt at %s",
                   row.id, row.task_name, attempts, type(exc).__name__, row.run_after.isoformat())


@retry_database_write()
def _schedule_retry(row, exc, run_after):
    row.status = TaskResultStatus.READY
    row.run_after = run_after
    # The last error stays on the row for operators (the admin shows its last line); the task row never holds a
    # secret, and exceptions here come from the mail server or the database, not from the mail's content.
    row.exception_class_path = f"{type(exc).__module__}.{type(exc).__qualname__}"
    row.traceback = "".join(format_exception(exc))
    row.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])


class Housekeeping(threading.Thread):
    """Heartbeat every TASK_HEARTBEAT_SECONDS; reclaim and prune on their own, slower clocks."""

    def __init__(self, worker_id):
        super().__init__(name="taskqueue-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stopped = threading.Event()

    @retry_database_write(retries=5, backoff_delay=0.5)
    def beat(self):
        now = timezone.now()
        # A plain UPDATE, then INSERT the first time: no read-then-write transaction for SQLite to refuse.
        if not WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(seen_at=now):
            WorkerHeartbeat.objects.create(worker_id=self.worker_id, seen_at=now, started_at=self.started_at,
                                           hostname=socket.gethostname()[:255], pid=os.getpid())

    def run(self):
        settings = taskqueue_settings
        next_reclaim = next_prune = time.monotonic()
        try:
            while not self._stopped.wait(settings.TASK_HEARTBEAT_SECONDS):
                close_old_connections()
                try:
                    self.beat()
                    if time.monotonic() >= next_reclaim:
                        reclaim_lost_tasks(timezone.now())
                        next_reclaim = time.monotonic() + settings.TASK_RECLAIM_CHECK_SECONDS
                    if time.monotonic() >= next_prune:
                        prune_finished_tasks(timezone.now())
                        next_prune = time.monotonic() + settings.TASK_PRUNE_EVERY_SECONDS
                except DatabaseError as exc:  # database away or locked: try again on the next beat
                    logger.warning("task queue housekeeping skipped a beat: %s", type(exc).__name__)
        finally:
            connection.close()

    def stop(self):
        self._stopped.set()
        self.join(timeout=5)
        try:
            # A clean exit says so at once; the tasks it held are finished or were handed back by the loop.
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass
