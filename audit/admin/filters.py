"""The audit list's filters: event, user, IP, email and a date range. None of them lists values from the table
(a SELECT DISTINCT over millions of rows on every page), and each one filters on an index (audit/models.py)."""

import ipaddress
import unicodedata
from datetime import UTC, datetime, time, timedelta

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils import timezone

from audit import events

KNOWN_EVENTS = sorted(value for name, value in vars(events).items() if name.isupper() and isinstance(value, str))


class EventFilter(admin.SimpleListFilter):
    title = "event"
    parameter_name = "event"

    def lookups(self, request, model_admin):
        choices = [(name, name) for name in KNOWN_EVENTS]
        if self.value() and self.value() not in KNOWN_EVENTS:
            choices.append((self.value(), self.value()))  # an event name another app records
        return choices

    def queryset(self, request, queryset):
        return queryset.filter(event=self.value()) if self.value() else queryset


class _ExactValueFilter(admin.SimpleListFilter):
    """A filter on one typed value (from a link or the search), shown only while it is in use."""

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, self.describe(value))] if value else []

    def describe(self, value):
        return value


class UserFilter(_ExactValueFilter):
    title = "user"
    parameter_name = "user"

    def describe(self, value):
        user = get_user_model().objects.filter(pk=value).first() if value.isdigit() else None
        return user.email if user else f"user #{value}"

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters("user must be a user id")
        return queryset.filter(user_id=int(self.value()))


class IpFilter(_ExactValueFilter):
    title = "IP address"
    parameter_name = "ip"

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(ip=parse_ip(self.value()))


class EmailFilter(_ExactValueFilter):
    """Events about an account (by user) or about an address that may have no account (failed sign-ins record the
    typed email in details)."""

    title = "email"
    parameter_name = "email"

    def queryset(self, request, queryset):
        return by_email(queryset, self.value()) if self.value() else queryset


def parse_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise IncorrectLookupParameters("not an IP address") from None


def by_email(queryset, email):
    # The same normal form as accounts.addresses.normalize_email (audit may not import accounts).
    email = unicodedata.normalize("NFKC", email).strip().lower()
    user_ids = list(get_user_model().objects.filter(email__iexact=email).values_list("pk", flat=True))
    # Two index scans OR-ed together (user, and the details' email expression index), not a join over the table.
    return queryset.alias(detail_email=KT("details__email")).filter(Q(user_id__in=user_ids) | Q(detail_email=email))


class DateRangeFilter(admin.ListFilter):
    """`since` and `until` (ISO dates or date-times, UTC when no offset is given; a date `until` includes its day),
    with quick choices for the last 24 hours, 7 and 30 days. The change list template adds a from/to form."""

    title = "date"
    parameters = ("since", "until")
    QUICK = [("Last 24 hours", timedelta(hours=24)), ("Last 7 days", timedelta(days=7)),
             ("Last 30 days", timedelta(days=30))]

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            if name in params:
                self.used_parameters[name] = params.pop(name)[-1]

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def choices(self, changelist):
        yield {"selected": not self.used_parameters, "display": "Any time",
               "query_string": changelist.get_query_string(remove=self.parameters)}
        now = timezone.now().replace(second=0, microsecond=0)
        for label, span in self.QUICK:
            since = (now - span).isoformat()
            yield {"selected": self.used_parameters == {"since": since}, "display": label,
                   "query_string": changelist.get_query_string({"since": since}, remove=["until"])}

    def queryset(self, request, queryset):
        if "since" in self.used_parameters:
            queryset = queryset.filter(created_at__gte=parse_moment(self.used_parameters["since"], end=False))
        if "until" in self.used_parameters:
            queryset = queryset.filter(created_at__lt=parse_moment(self.used_parameters["until"], end=True))
        return queryset


def parse_moment(value, *, end):
    """A date or date-time from the query string as an aware datetime; a bare date as its start (or the next day's
    start, for an inclusive `until`)."""
    value = value.strip().replace(" ", "+")  # a "+00:00" offset arrives as " 00:00" from an unencoded link
    try:
        if len(value) == 10:
            day = datetime.combine(datetime.fromisoformat(value).date(), time(0), tzinfo=UTC)
            return day + timedelta(days=1) if end else day
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise IncorrectLookupParameters("not a date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
