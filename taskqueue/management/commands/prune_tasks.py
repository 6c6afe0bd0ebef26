"""`manage.py prune_tasks`: delete finished task rows older than AUTHSITE_TASK_RETENTION_DAYS (workers also do this
every AUTHSITE_TASK_PRUNE_EVERY_SECONDS; this command is for cron, or a deployment without a running worker)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from taskqueue.conf import taskqueue_settings
from taskqueue.prune import prune_finished_tasks


class Command(BaseCommand):
    help = "Delete sent and failed task rows older than AUTHSITE_TASK_RETENTION_DAYS (default 7)."

    def handle(self, *args, **options):
        deleted = prune_finished_tasks(timezone.now())
        self.stdout.write(f"Deleted {deleted} finished task row(s) older than "
                          f"{taskqueue_settings.TASK_RETENTION_DAYS} days.")
