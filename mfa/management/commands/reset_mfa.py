import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.addresses import normalize_email
from mfa.flows.disable import reset_two_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor authentication (lost phone). Audited, emailed, their sessions end."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No user with the email {email!r}.")
        if reset_two_factor(user, actor=f"os:{getpass.getuser()}"):
            self.stdout.write(f"Two-factor authentication reset for {user.email}.")
        else:
            self.stdout.write(f"{user.email} had no two-factor authentication; nothing changed.")
