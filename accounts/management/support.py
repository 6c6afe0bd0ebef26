"""What every support command shares: find the account by email, name the operator, refuse unknown addresses."""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.addresses import normalize_email


def operator_actor():
    """The audit trail's actor for a command: the operator's OS user, e.g. "os:root"."""
    try:
        return f"os:{getpass.getuser()}"
    except OSError:  # no user name in the environment or the password database
        return "os:unknown"


class SupportCommand(BaseCommand):
    """A command about one account, named by its email. Unknown email: a clear error and exit code 1."""

    def add_arguments(self, parser):
        parser.add_argument("email", help="the email address of the account")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No account has the email address {normalize_email(email)!r}.")
        return self.handle_account(user, actor=operator_actor(), command=self.command_name(), **options)

    def command_name(self):
        return self.__module__.rsplit(".", 1)[-1]

    def handle_account(self, user, *, actor, command, **options):
        raise NotImplementedError
