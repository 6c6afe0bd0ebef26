"""Security emails: a subject/body template pair per message, rendered with who, what, when, where from.

Every notification says what happened, when, from which IP and device, and what to do if it was not you.
Links are built from SITE_URL, never from the request's Host header.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.device_names import describe_device
from audit.client import client_ip, user_agent

logger = logging.getLogger("authsite.mail")


def site_link(path):
    """An absolute link on the canonical origin (SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def request_facts(request):
    """When, from which IP and device: the facts every notification states."""
    return {
        "when": timezone.now(),
        "ip": client_ip(request) if request is not None else None,
        "device": describe_device(user_agent(request)) if request is not None else None,
    }


def send_mail_template(name, to, *, request=None, **context):
    """Render templates/emails/<name>_subject.txt and _body.txt and send them to one address.

    Raises on delivery failure; callers decide whether a failure must be hidden (enumeration) or reported.
    """
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **request_facts(request), **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    body = render_to_string(f"emails/{name}_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[to]).send()
    logger.info("mail sent: %s", name)  # never the address's secrets: names only


def notify_user(user, name, *, request=None, **context):
    """A notification to the account's own address about something that happened to it."""
    send_mail_template(name, user.email, request=request, user=user, **context)
