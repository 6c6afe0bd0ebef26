import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.conf import accounts_settings
from accounts.flows.passwords import set_password_by_operator
from accounts.management.support import SupportCommand


class Command(SupportCommand):
    help = (
        "Set the password of the account with this email. Prompts twice for it (not echoed), or reads one line "
        "from standard input with --stdin. The password is never taken as an argument, where it would reach the "
        "shell history and the process list. Checks the password policy, ends every session of the account, "
        "notifies its owner by email and audits the change with your OS user as the actor."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--stdin", action="store_true", help="read the password from one line of standard input")

    def handle_account(self, user, *, actor, command, stdin=False, **options):
        if not stdin and not sys.stdin.isatty():
            # getpass would fail with EOFError (or read a piped password with a warning): say what to do instead.
            raise CommandError("No terminal to prompt for the password: pipe one line into --stdin instead.")
        password = self.read_from_stdin() if stdin else self.prompt_twice()
        try:
            set_password_by_operator(user, password, actor=actor, command=command)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        self.stdout.write(f"Password set for {user.email}; every session of the account was ended.")

    def read_from_stdin(self):
        # Read a bounded amount: a megabyte on stdin is refused without being held or checked in full.
        line = sys.stdin.readline(accounts_settings.PASSWORD_MAX_LENGTH + 2)
        password = line.removesuffix("\n").removesuffix("\r")
        if not password:
            raise CommandError("No password on standard input.")
        return password

    def prompt_twice(self):
        first = getpass.getpass("New password: ")
        if first != getpass.getpass("New password (again): "):
            raise CommandError("The two passwords do not match.")
        return first
