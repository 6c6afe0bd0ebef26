from django.apps import AppConfig


class TaskQueueConfig(AppConfig):
    """Durable background work: every email is a Django task on a database queue (django-tasks-db), run by
    `manage.py db_worker` with retries, reclaiming of tasks held by dead workers, and pruning of old rows."""

    name = "taskqueue"
    verbose_name = "Mail queue"

    def ready(self):
        from taskqueue import checks, conf  # noqa: F401  (knobs known to the AUTHSITE_* check; start-up checks)
