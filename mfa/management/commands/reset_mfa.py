from accounts.management.support import SupportCommand
from mfa.flows.disable import reset_two_factor


class Command(SupportCommand):
    help = ("Remove a user's two-factor authentication (lost phone). Audited, emailed, their sessions end. "
            "An email with no account is an error (exit code 1).")

    def handle_account(self, user, *, actor, command, **options):
        if reset_two_factor(user, actor=actor):
            self.stdout.write(f"Two-factor authentication reset for {user.email}.")
        else:
            self.stdout.write(f"{user.email} had no two-factor authentication; nothing changed.")
