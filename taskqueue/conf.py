"""Policy knobs of the task queue (every email is a task): one object, each default with its reason.
Override with AUTHSITE_<NAME> in settings or the environment."""

from web.conf import AppSettings


class TaskQueueSettings(AppSettings):
    #: A task that fails (mail server down, timeout) is tried again after TASK_RETRY_FIRST_DELAY_SECONDS, then after
    #: twice that, and so on up to TASK_RETRY_MAX_DELAY_SECONDS between attempts, until the waits add up to
    #: TASK_RETRY_FOR_SECONDS (a day: a mail server outage over a night still delivers); then it is marked failed.
    TASK_RETRY_FIRST_DELAY_SECONDS = 30
    TASK_RETRY_MAX_DELAY_SECONDS = 60 * 60
    TASK_RETRY_FOR_SECONDS = 24 * 60 * 60
    #: Each worker writes a heartbeat this often; a running task whose worker has been silent for
    #: TASK_WORKER_LOST_SECONDS (killed, out of memory, machine gone) goes back to the queue. Every worker looks for
    #: such tasks every TASK_RECLAIM_CHECK_SECONDS, so a lost task runs again within about lost + check + heartbeat
    #: seconds (85 s with these defaults; the promise is 2 minutes, see reclaim_within_seconds()).
    TASK_HEARTBEAT_SECONDS = 10.0
    TASK_WORKER_LOST_SECONDS = 60
    TASK_RECLAIM_CHECK_SECONDS = 15.0
    #: Finished task rows (sent or failed) are deleted after this many days; each worker prunes every
    #: TASK_PRUNE_EVERY_SECONDS, and `manage.py prune_tasks` does the same on demand.
    TASK_RETENTION_DAYS = 7
    TASK_PRUNE_EVERY_SECONDS = 60 * 60


taskqueue_settings = TaskQueueSettings()


def reclaim_within_seconds(poll_interval=1):
    """The longest a task held by a killed worker waits before another worker starts it again."""
    settings = taskqueue_settings
    return (settings.TASK_WORKER_LOST_SECONDS + settings.TASK_RECLAIM_CHECK_SECONDS + settings.TASK_HEARTBEAT_SECONDS
            + poll_interval)
