"""The security overview's numbers: per-hour counts of the events worth watching, and who fails to sign in most.

Every figure is one aggregate query on the (event, created_at) index (audit/models.py): PostgreSQL counts, Python
only lays the rows out. Hours are UTC.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.db.models.fields.json import KT
from django.db.models.functions import TruncHour
from django.utils import timezone

from audit import events
from audit.models import AuthEvent

CHART_DAYS = 7
TOP_HOURS = 24
TOP_COUNT = 10


@dataclass(frozen=True)
class Series:
    title: str
    event_names: tuple


WATCHED = [
    Series("Failed sign-ins", (events.LOGIN_FAILED,)),
    Series("Lockouts (accounts and IPs)", (events.LOGIN_ACCOUNT_LOCKED, events.LOGIN_IP_LOCKED)),
    Series("Sign-ins from a new device", (events.NEW_DEVICE,)),
    Series("Password reset requests", (events.PASSWORD_RESET_REQUESTED,)),
    Series("Second-factor failures", (events.MFA_FAILED,)),
]


def hourly_counts(now=None):
    """[(series, [(hour start, count)] oldest first)] over the last CHART_DAYS days, empty hours included."""
    now = now or timezone.now()
    current = now.replace(minute=0, second=0, microsecond=0)
    hours = [current - timedelta(hours=back) for back in range(CHART_DAYS * 24 - 1, -1, -1)]
    names = [name for series in WATCHED for name in series.event_names]
    rows = (AuthEvent.objects.filter(event__in=names, created_at__gte=hours[0])
            .annotate(hour=TruncHour("created_at")).values("event", "hour").annotate(count=Count("*"))
            .order_by())
    found = {}
    for row in rows:
        found[row["event"], row["hour"]] = found.get((row["event"], row["hour"]), 0) + row["count"]
    return [(series, [(hour, sum(found.get((name, hour), 0) for name in series.event_names)) for hour in hours])
            for series in WATCHED]


def _failed_sign_ins(now):
    return AuthEvent.objects.filter(event=events.LOGIN_FAILED, created_at__gte=now - timedelta(hours=TOP_HOURS))


def top_failing_ips(now=None):
    """[(ip, failed sign-ins)] of the last TOP_HOURS hours, most first."""
    rows = (_failed_sign_ins(now or timezone.now()).exclude(ip=None).values("ip").annotate(count=Count("*"))
            .order_by("-count", "ip")[:TOP_COUNT])
    return [(row["ip"], row["count"]) for row in rows]


def top_failing_accounts(now=None):
    """[(email, failed sign-ins)] of the last TOP_HOURS hours, most first. The email as typed (normalized), so
    attacks on addresses without an account show too."""
    rows = (_failed_sign_ins(now or timezone.now()).annotate(email=KT("details__email")).exclude(email=None)
            .values("email").annotate(count=Count("*")).order_by("-count", "email")[:TOP_COUNT])
    return [(row["email"], row["count"]) for row in rows]
