"""record(): the one way every app writes to the audit trail."""

import logging

from audit.client import client_ip, user_agent
from audit.models import AuthEvent

logger = logging.getLogger("authsite.audit")

# A detail whose name contains one of these is a secret by name: refuse it loudly in development and tests.
SECRET_WORDS = ("password", "token", "secret", "code", "otp", "key")


class SecretInAuditTrail(ValueError):
    pass


def record(event, *, request=None, user=None, actor=None, **details):
    """Store one security event and log one line for it.

    `user` is the account the event is about; `actor` is who caused it when that is someone else (an operator's OS
    user for a manage.py command, or the admin's User, recorded as email and id). Details must never carry a
    secret: a key that names one raises.
    """
    for name in details:
        if any(word in name.lower() for word in SECRET_WORDS):
            raise SecretInAuditTrail(f"audit detail {name!r} looks like a secret; do not record it")
    if actor:
        details["actor"] = str(actor)
        if getattr(actor, "pk", None):
            details["actor_id"] = actor.pk  # an admin: the email may change later, the id does not
    if user is not None and not getattr(user, "pk", None):
        user = None  # the dummy user of an unknown-email attempt
    entry = AuthEvent.objects.create(
        event=event,
        user=user,
        ip=client_ip(request) if request is not None else None,
        user_agent=user_agent(request) if request is not None else "",
        details=details,
    )
    logger.info("%s user=%s ip=%s %s", event, entry.user_id, entry.ip, details)
    return entry
