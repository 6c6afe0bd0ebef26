from accounts.flows.account_status import deactivate_account
from accounts.management.support import SupportCommand


class Command(SupportCommand):
    help = (
        "Deactivate the account with this email: it can no longer sign in, every session ends, and outstanding "
        "email links stop working. Undo with `activate`. Audited with your OS user as the actor."
    )

    def handle_account(self, user, *, actor, command, **options):
        ended = deactivate_account(user, actor=actor, command=command)
        if ended is None:
            self.stdout.write(f"{user.email} was already deactivated; nothing changed.")
        else:
            self.stdout.write(f"Deactivated {user.email}; ended {ended} session(s).")
