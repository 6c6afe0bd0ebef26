from django.core.management.base import CommandError

from accounts.flows.reset import queue_reset_link
from accounts.management.support import SupportCommand


class Command(SupportCommand):
    help = (
        "Email a password reset link to the account with this email (valid for one hour, once). The link is built "
        "from SITE_URL. The mail is queued: the worker (manage.py db_worker) sends it. Audited with your OS user as "
        "the actor."
    )

    def handle_account(self, user, *, actor, command, **options):
        if not user.is_active:
            raise CommandError(f"The account {user.email} is deactivated; activate it first.")
        queue_reset_link(user, actor=actor)
        # A mail server outage is retried for a day; the admin's mail queue shows a mail that could not be sent.
        self.stdout.write(f"Password reset link queued for {user.email}; the worker sends it.")
