"""What every background task of accounts shares (Django's Tasks framework on the database queue; `manage.py
db_worker` runs them): the request facts a task may keep, and a way to blank a secret-ish argument once it served.

A request never talks to the mail server: it inserts a task row and answers. Each task lives beside the flow it
serves (accounts.mail.send_mail; accounts.flows.signup.register_signup and mail_verification_link;
accounts.flows.reset.reset_if_account and mail_reset_link; accounts.flows.login.lockout_notice;
accounts.flows.email_change.email_change_mail). Sign-up and password-reset requests queue one task whatever the
address, and the task finds out whether an account exists, so neither the reply nor its timing tells. Failed
attempts are retried with back-off for a day and a task held by a killed worker runs again (taskqueue.worker).

What a task row holds: addresses, template names and the request facts a mail states (when, client IP, user agent).
Never a link or its secret: the link tasks issue the link themselves, when they send. The sign-up task needs the new
account's password hash (never the password); it drops it from its row once the account exists (forget_argument).
"""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

# The request facts a task may need (client IP, user agent) without holding the request object itself.
DETACHED_META = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT")


def detach(request):
    """What a task keeps of `request` (JSON, for the task row): when it happened, and who asked (IP, user agent)."""
    if request is None:
        return None
    when = getattr(request, "when", None) or timezone.now()
    return {"when": when.isoformat(), "meta": {name: request.META[name] for name in DETACHED_META
                                               if name in request.META}}


def reattach(detached):
    """A stand-in for the request that audit.record() and accounts.mail read: .META, and .when it happened."""
    if detached is None:
        return None
    return SimpleNamespace(META=dict(detached["meta"]), when=parse_datetime(detached["when"]))


def forget_argument(context, name):
    """Blank one argument in this task's own row once it has served (kept rows are pruned only after days)."""
    result = context.task_result
    if not isinstance(result.task.get_backend(), DatabaseBackend):
        return  # run inline (ImmediateBackend): there is no row
    kwargs = {**result.kwargs, name: ""}
    DBTaskResult.objects.filter(id=result.id).update(args_kwargs={"args": list(result.args), "kwargs": kwargs})
