from django.core.management.base import BaseCommand, CommandError

from accounts.conf import accounts_settings
from accounts.flows.unverified import prune_unverified_accounts, stale_unverified_accounts
from accounts.management.support import operator_actor


class Command(BaseCommand):
    help = (
        "Delete sign-ups whose email address was never verified, older than AUTHSITE_UNVERIFIED_ACCOUNT_DAYS "
        "(default 7). Never touches verified, signed-in-before or staff accounts. Audited with your OS user."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=None,
                            help="Override the age (in days) for this run.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, older_than_days=None, dry_run=False, **options):
        days = accounts_settings.UNVERIFIED_ACCOUNT_DAYS if older_than_days is None else older_than_days
        if days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        if dry_run:
            stale, _ = stale_unverified_accounts(days)
            self.stdout.write(f"{stale.count()} unverified account(s) older than {days} days would be deleted.")
            return
        deleted = prune_unverified_accounts(days, actor=operator_actor())
        self.stdout.write(f"Deleted {deleted} unverified account(s) older than {days} days.")
