"""The background tasks of accounts (Django's Tasks framework on the database queue; `manage.py db_worker` runs them).

A request never talks to the mail server: it inserts a task row and answers. Every email is the task send_mail
(queued by accounts.mail); sign-up and password-reset requests queue one task whatever the address, and the task
finds out whether an account exists, so neither the reply nor its timing tells. Failed attempts are retried with
back-off for a day and a task held by a killed worker runs again (taskqueue.worker).

What a task row holds: addresses, template names and the request facts a mail states (when, client IP, user agent).
Never a link or its secret: the link tasks issue the link themselves, when they send. The sign-up task needs the new
account's password hash (never the password); it drops it from its row once the account exists.

Task bodies import the flows they run inside the function: the flows queue these tasks, so importing them at the top
would be circular.
"""

import logging
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from accounts import mail

logger = logging.getLogger("authsite.background")

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


def _user(user_id, **conditions):
    return get_user_model().objects.filter(pk=user_id, **conditions).first()


@task()
def send_mail(*, template, to, user_id, request, context):
    """Render and send one mail (queued by accounts.mail.send_mail_template / notify_user)."""
    user = None
    if user_id is not None:
        user = _user(user_id)
        if user is None:
            logger.info("mail %s not sent: the account no longer exists", template)
            return
    mail.deliver(template, to, request=reattach(request), user=user, **context)


@task(takes_context=True)
def register_signup(context, *, email, display_name, password_hash, request):
    """A sign-up request: the new unverified account and its verification mail, or a note to a taken address."""
    from accounts.flows.signup import register

    with transaction.atomic():
        register(email, display_name, password_hash, request=reattach(request))
        _forget_argument(context, "password_hash")


@task()
def mail_verification_link(*, user_id, request):
    """Issue a verification link and mail it, unless the account was verified (or removed) meanwhile."""
    from accounts.flows.signup import send_verification_link

    user = _user(user_id, email_verified=False)
    if user is not None:
        send_verification_link(user, request=reattach(request))


@task()
def reset_if_account(*, email, request):
    """A password-reset request: looks the address up; only a real, active account gets a link."""
    from accounts.flows.reset import send_reset_if_account

    send_reset_if_account(email, request=reattach(request))


@task()
def mail_reset_link(*, user_id, request, actor):
    """Issue a password-reset link and mail it, unless the account was deactivated (or removed) meanwhile."""
    from accounts.flows.reset import send_reset_link

    user = _user(user_id, is_active=True)
    if user is not None:
        send_reset_link(user, request=reattach(request), actor=actor)


@task()
def lockout_notice(*, email, request, minutes):
    """The "sign-in paused" mail to the owner of a locked address, when it is an account that can sign in."""
    from accounts.flows.login import send_lockout_notice

    send_lockout_notice(email, reattach(request), minutes)


@task()
def email_change_mail(*, user_id, new_email, request):
    """An email-change request: the link to a free address (issued here, never stored in the row), or a note to a
    taken one, and the notice to the old address."""
    from accounts.flows.email_change import send_email_change_mail

    send_email_change_mail(user_id, new_email, reattach(request))


def _forget_argument(context, name):
    """Blank one argument in this task's own row once it has served (kept rows are pruned only after days)."""
    result = context.task_result
    if not isinstance(result.task.get_backend(), DatabaseBackend):
        return  # run inline (ImmediateBackend): there is no row
    kwargs = {**result.kwargs, name: ""}
    DBTaskResult.objects.filter(id=result.id).update(args_kwargs={"args": list(result.args), "kwargs": kwargs})
