from accounts.flows.sessions import revoke_sessions
from accounts.management.support import SupportCommand


class Command(SupportCommand):
    help = "Sign the account with this email out everywhere: end every one of its sessions. Audited with your OS user."

    def handle_account(self, user, *, actor, command, **options):
        ended = revoke_sessions(user, reason=f"command:{command}", actor=actor)
        self.stdout.write(f"Ended {ended} session(s) of {user.email}.")
