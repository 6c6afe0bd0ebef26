from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.addresses import normalize_email
from accounts.management.support import operator_actor
from accounts.throttle import clear_account_lock, clear_ip_lock


class Command(BaseCommand):
    help = ("Clear a login lock: an account's (by email) or a client IP's (--ip). Audited with your OS user as actor. "
            "An email with no account is an error (exit code 1).")

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="the account's email, in any spelling (it is normalized)")
        parser.add_argument("--ip", help="a client IP (or IPv6 network as the admin lists it) to unlock instead")

    def handle(self, *args, email=None, ip=None, **options):
        if bool(email) == bool(ip):
            raise CommandError("Give either an EMAIL or --ip IP.")
        actor = operator_actor()
        if email:
            # A typo must not look like success: "x was not locked" for an address with no account misleads support.
            email = normalize_email(email)
            if not get_user_model().objects.filter(email=email).exists():
                raise CommandError(f"No account has the email address {email!r}.")
            was_locked = clear_account_lock(email, actor=actor, reason="unlock_command")
        else:
            was_locked = clear_ip_lock(ip, actor=actor, reason="unlock_command")
        target = email or ip
        self.stdout.write(f"Unlocked {target}." if was_locked else f"{target} was not locked; its failure count is reset.")
