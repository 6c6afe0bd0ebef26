from accounts.flows.account_status import activate_account
from accounts.management.support import SupportCommand


class Command(SupportCommand):
    help = "Activate (again) the account with this email, so it can sign in. Audited with your OS user as the actor."

    def handle_account(self, user, *, actor, command, **options):
        if activate_account(user, actor=actor, command=command):
            self.stdout.write(f"Activated {user.email}.")
        else:
            self.stdout.write(f"{user.email} was already active; nothing changed.")
