import getpass
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit import events
from audit.conf import audit_settings
from audit.models import AuthEvent
from audit.record import record


class Command(BaseCommand):
    help = "Delete security events older than the retention period (AUTHSITE_AUDIT_RETENTION_DAYS, default 365)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, default=None,
                            help="Override the retention period for this run.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, older_than_days=None, dry_run=False, **options):
        days = audit_settings.AUDIT_RETENTION_DAYS if older_than_days is None else older_than_days
        if days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        cutoff = timezone.now() - timedelta(days=days)
        old = AuthEvent.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} event(s) older than {days} days would be deleted.")
            return
        deleted, _ = old.delete()
        # The pruning itself is evidence too: who removed how much, up to when.
        record(events.AUDIT_PRUNED, actor=f"os:{getpass.getuser()}", count=deleted, before=cutoff.isoformat())
        self.stdout.write(f"Deleted {deleted} event(s) older than {days} days.")
