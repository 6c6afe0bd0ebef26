"""Security emails: a subject/body template pair per message, rendered with who, what, when, where from.

Every notification says what happened, when, from which IP and device, and what to do if it was not you.
Links are built from SITE_URL, never from the request's Host header.

The one place mail is sent. Callers queue it (send_mail_template, notify_user): the request inserts a task row and
never waits on the mail server; the worker renders and sends it (deliver), retrying while the mail server is down.
A mail that carries a link is queued as a task that issues the link itself (accounts.background), so no secret is
ever stored in the queue.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from accounts import background
from accounts.device_names import describe_device
from audit.client import client_ip, user_agent

logger = logging.getLogger("authsite.mail")


def site_link(path):
    """An absolute link on the canonical origin (SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def request_facts(request):
    """When, from which IP and device: the facts every notification states (when the request happened, not when the
    worker got to the mail)."""
    return {
        "when": getattr(request, "when", None) or timezone.now(),
        "ip": client_ip(request) if request is not None else None,
        "device": describe_device(user_agent(request)) if request is not None else None,
    }


def render_plain_text(template_name, context):
    """Render an email template as the plain text it is: without HTML autoescaping, so a display name such as
    "O'Brien & Co" arrives as typed, not as "O&#x27;Brien &amp; Co". (Emails are text/plain; nothing renders HTML.)"""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_mail_template(name, to, *, request=None, user=None, **context):
    """Queue templates/emails/<name>_*.txt for `to`. Context values must be JSON (they are stored in the task row)
    and never a secret; `user` travels as its id and is read again when the mail is sent."""
    send_mail.enqueue(template=name, to=to, user_id=user.pk if user is not None else None,
                      request=background.detach(request), context=context)


def notify_user(user, name, *, request=None, **context):
    """Queue a notification to the account's own address about something that happened to it."""
    send_mail_template(name, user.email, request=request, user=user, **context)


def render_mail(name, *, request=None, **context):
    """(subject, body) of templates/emails/<name>_subject.txt and _body.txt with the facts every mail states."""
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **request_facts(request), **context}
    subject = " ".join(render_plain_text(f"emails/{name}_subject.txt", context).split())
    return subject, render_plain_text(f"emails/{name}_body.txt", context)


def deliver(name, to, *, request=None, **context):
    """Render and send now. Only background tasks call this. Raises on delivery failure (the worker retries)."""
    subject, body = render_mail(name, request=request, **context)
    EmailMessage(subject=subject, body=body, to=[to]).send()
    logger.info("mail sent: %s", name)  # never the address's secrets: names only


@task()
def send_mail(*, template, to, user_id, request, context):
    """Render and send one mail (queued by send_mail_template / notify_user). Raises on delivery failure: the worker
    retries. A notification about an account deleted meanwhile is dropped."""
    user = None
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            logger.info("mail %s not sent: the account no longer exists", template)
            return
    deliver(template, to, request=background.reattach(request), user=user, **context)
