"""Security notifications of this app: sent, but never at the cost of the operation that already happened.

By the time a mail goes out the change is done (a recovery code spent, a device removed) and audited. If the mail
server is down, failing the request would hide a completed change from the user (and, for a recovery code, lose it):
the failure is logged for operators instead.
"""

import logging
import smtplib

from accounts.mail import notify_user

logger = logging.getLogger("authsite.mfa")


def notify(user, name, *, request=None, **context):
    try:
        notify_user(user, name, request=request, **context)
    except (smtplib.SMTPException, OSError) as exc:
        logger.error("security mail %s to user %s not sent: %s", name, user.pk, type(exc).__name__)
