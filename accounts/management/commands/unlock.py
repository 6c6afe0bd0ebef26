import getpass

from django.core.management.base import BaseCommand, CommandError

from accounts.throttle import clear_account_lock, clear_ip_lock


class Command(BaseCommand):
    help = "Clear a login lock: an account's (by email) or a client IP's (--ip). Audited with your OS user as actor."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="the account's email, in any spelling (it is normalized)")
        parser.add_argument("--ip", help="a client IP (or IPv6 network as the admin lists it) to unlock instead")

    def handle(self, *args, email=None, ip=None, **options):
        if bool(email) == bool(ip):
            raise CommandError("Give either an EMAIL or --ip IP.")
        actor = f"os:{getpass.getuser()}"
        if email:
            was_locked = clear_account_lock(email, actor=actor, reason="unlock_command")
        else:
            was_locked = clear_ip_lock(ip, actor=actor, reason="unlock_command")
        target = email or ip
        self.stdout.write(f"Unlocked {target}." if was_locked else f"{target} was not locked; its failure count is reset.")
