"""`manage.py db_worker`: django-tasks-db's command, running taskqueue's DurableWorker (retries, reclaim, pruning).

This app is listed before django_tasks_db in INSTALLED_APPS, so this command replaces the package's own: whoever
follows the package's documentation still gets a worker that never loses a task.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from taskqueue.worker import DurableWorker


class Command(db_worker.Command):
    help = "Run a background worker: sends queued mail, retries failures, reclaims tasks of dead workers."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        # The package's handle() with DurableWorker in place of Worker (it names its class inline).
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_name.split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = DurableWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
