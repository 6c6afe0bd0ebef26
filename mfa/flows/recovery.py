"""Recovery codes: issue a fresh set, regenerate on request, use one exactly once."""

from django.db import transaction
from django.utils import timezone

from accounts.mail import notify_user
from audit import events
from audit.record import record
from mfa import recovery_codes
from mfa.conf import mfa_settings
from mfa.models import RecoveryCode


def issue_recovery_codes(user):
    """Replace the user's codes with a new set. Returns the codes in clear: the only time they exist as such."""
    codes = [recovery_codes.generate() for _ in range(mfa_settings.RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=recovery_codes.digest(code)) for code in codes)
    return codes


def regenerate_recovery_codes(request, user):
    codes = issue_recovery_codes(user)
    record(events.MFA_RECOVERY_REGENERATED, request=request, user=user)
    notify_user(user, "mfa_recovery_regenerated", request=request)
    return codes


def recovery_codes_left(user):
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def use_recovery_code(request, user, typed):
    """True when `typed` is one of the user's unused codes; it is then spent.

    A conditional UPDATE spends it: of two parallel requests with the same code, PostgreSQL lets exactly one change
    the row (the other re-reads used_at under the row lock and matches nothing).
    """
    digest = recovery_codes.digest(typed)
    if digest is None:
        return False
    spent = RecoveryCode.objects.filter(user=user, digest=digest, used_at__isnull=True).update(used_at=timezone.now())
    if spent != 1:
        return False
    left = recovery_codes_left(user)
    record(events.MFA_RECOVERY_USED, request=request, user=user, remaining=left)
    notify_user(user, "mfa_recovery_used", request=request, remaining=left)
    return True
