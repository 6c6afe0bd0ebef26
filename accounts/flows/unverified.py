"""Pruning sign-ups that were never verified: they hold an address (and a password hash) nobody proved to own.

Only accounts that could only have come from public sign-up are touched: never verified, never signed in, not staff.
An account an operator made by hand without verifying it is not a sign-up and stays. The pruning is audited as one
event (how many, up to when, by whom); the addresses become free for a new sign-up.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from audit import events
from audit.record import record


def stale_unverified_accounts(older_than_days):
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return get_user_model().objects.filter(
        email_verified=False, last_login__isnull=True, is_staff=False, is_superuser=False, date_joined__lt=cutoff,
    ), cutoff


def prune_unverified_accounts(older_than_days, *, actor):
    """Delete the never-verified sign-ups older than `older_than_days`; returns how many were deleted."""
    stale, cutoff = stale_unverified_accounts(older_than_days)
    # Count users, not the rows that cascade with them (one-time links, known devices).
    _, per_model = stale.delete()
    deleted = per_model.get(get_user_model()._meta.label, 0)
    record(events.UNVERIFIED_PRUNED, actor=actor, count=deleted, older_than_days=older_than_days,
           before=cutoff.isoformat())
    return deleted
