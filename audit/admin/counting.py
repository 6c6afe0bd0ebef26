"""Counting without counting the whole table: at a million events a COUNT(*) costs most of a page's time.

Unfiltered, the list shows PostgreSQL's own estimate of the table's size (pg_class.reltuples, kept by autovacuum);
filtered, it counts at most COUNT_CAP matching rows ("more than 10,000"). Either way the list pages normally.
"""

from django.core.paginator import Paginator
from django.db import connection
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def estimated_rows(model):
    """PostgreSQL's estimate of the table's rows, or None (never analysed, or another database)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None


class EstimatedCountPaginator(Paginator):
    estimated = False  # the count is the planner's estimate of the whole table
    capped = False  # there are more matching rows than the count says

    @cached_property
    def count(self):
        if not self.object_list.query.where:
            estimate = estimated_rows(self.object_list.model)
            if estimate is not None and estimate > COUNT_CAP:
                self.estimated = True
                return estimate
        # COUNT over a LIMIT-ed subquery: stops after COUNT_CAP + 1 rows however many match.
        found = self.object_list.order_by()[:COUNT_CAP + 1].count()
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)
