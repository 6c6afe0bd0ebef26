"""When a failed task is tried again, and when it is given up.

django-tasks-db marks a task failed at its first exception. Mail must survive a mail server outage, so the worker
(taskqueue.worker) asks this module instead: a failed attempt puts the task back in the queue with a later run_after,
waiting twice as long each time (up to a ceiling), until the waits add up to TASK_RETRY_FOR_SECONDS. The attempt
count is django-tasks-db's own (one worker id per claim), so no extra state is kept; a worker killed mid-task counts
as an attempt too.

Everything is retried (a broken template or a wrong SMTP password is fixed by a deploy within the day, and the mail
still goes) except a refusal that no retry can change: the receiving server rejected every recipient permanently.
"""

import random
import smtplib
from datetime import timedelta

from taskqueue.conf import taskqueue_settings


def delay_before(attempt):
    """How long to wait after failed attempt number `attempt` (1-based), before jitter."""
    first = taskqueue_settings.TASK_RETRY_FIRST_DELAY_SECONDS
    ceiling = taskqueue_settings.TASK_RETRY_MAX_DELAY_SECONDS
    return min(ceiling, first * 2 ** min(attempt - 1, 32))


def total_wait(attempts):
    """The waits scheduled after `attempts` failed attempts, added up (jitter only ever adds to them)."""
    return sum(delay_before(attempt) for attempt in range(1, attempts + 1))


def is_permanent(exc):
    """True when trying again cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return False


def next_attempt_delay(attempts, exc):
    """After `attempts` attempts ending in `exc`: the wait before the next one, or None to give up."""
    if is_permanent(exc) or total_wait(attempts - 1) >= taskqueue_settings.TASK_RETRY_FOR_SECONDS:
        return None
    # Up to 20 % more, never less: many tasks failing in one outage do not all hit the mail server in the same second.
    seconds = delay_before(attempts) * (1 + random.random() / 5)
    return timedelta(seconds=seconds)
