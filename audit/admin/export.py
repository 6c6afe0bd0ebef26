"""CSV export of the audit list as filtered on screen, streamed row by row (constant memory at any size).

Spreadsheets run a cell that starts with =, +, -, @ (or a tab or carriage return) as a formula, and a user agent or
an email is whatever the client sent: such cells get a leading apostrophe, so they open as text (OWASP "CSV
injection").
"""

import csv
import json
from datetime import UTC

from django.http import StreamingHttpResponse
from django.utils import timezone

COLUMNS = ["time (UTC)", "event", "user", "ip", "user agent", "details"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def as_text(value):
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """csv.writer writes into this and gets the line back, so each row is yielded as soon as it is formatted."""

    def write(self, value):
        return value


def csv_rows(queryset):
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    # iterator(): a server-side cursor on PostgreSQL, CHUNK rows in memory at a time.
    for event in queryset.select_related("user").iterator(chunk_size=CHUNK):
        yield writer.writerow([as_text(value) for value in (
            event.created_at.astimezone(UTC).isoformat(), event.event,
            event.user.email if event.user else "", event.ip, event.user_agent,
            json.dumps(event.details, sort_keys=True),
        )])


def csv_response(queryset):
    response = StreamingHttpResponse(csv_rows(queryset), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
