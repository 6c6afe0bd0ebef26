from django.core.management.base import CommandError

from accounts.flows.reset import send_reset_link
from accounts.management.support import SupportCommand


class Command(SupportCommand):
    help = (
        "Email a password reset link to the account with this email (valid for one hour, once). The link is built "
        "from SITE_URL. Audited with your OS user as the actor."
    )

    def handle_account(self, user, *, actor, command, **options):
        if not user.is_active:
            raise CommandError(f"The account {user.email} is deactivated; activate it first.")
        send_reset_link(user, actor=actor)  # raises if the mail cannot be sent, so the operator knows
        self.stdout.write(f"Password reset link sent to {user.email}.")
