"""Start-up checks: the queue is configured so that no task can be lost or stolen from a live worker."""

from django.conf import settings
from django.core.checks import Error, register

from taskqueue.conf import taskqueue_settings


@register()
def check_task_queue(app_configs=None, **kwargs):
    errors = []
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend.endswith(("DummyBackend", "ImmediateBackend")) and not settings.DEBUG:
        errors.append(Error(f"TASKS uses {backend}: mail would be dropped or sent on the request thread. "
                            "Production uses django_tasks_db.DatabaseBackend.", id="taskqueue.E001"))
    if taskqueue_settings.TASK_WORKER_LOST_SECONDS < 3 * taskqueue_settings.TASK_HEARTBEAT_SECONDS:
        errors.append(Error("AUTHSITE_TASK_WORKER_LOST_SECONDS must be at least 3 heartbeats "
                            "(AUTHSITE_TASK_HEARTBEAT_SECONDS), or a busy but live worker would lose its task.",
                            id="taskqueue.E002"))
    return errors
