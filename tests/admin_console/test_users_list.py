"""The users list: its columns, search and filters, and a cost that does not grow with the page."""

import time

import pytest
import redis
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis.connection import AbstractConnection

from accounts import throttle
from accounts.sessions import index as session_index
from tests.admin_console.helpers import USERS, signed_in_staff, users_browser
from tests.helpers import make_user
from tests.mfa.helpers import enrol

pytestmark = pytest.mark.django_db


def rows(page):
    """{email: row html} of a users list page."""
    import re

    body = page.content.decode()
    return {email: row for row in re.findall(r"<tr.*?</tr>", body, re.S)
            for email in re.findall(r'field-email"><a [^>]*>([^<]+)</a>', row)}


def cell(row, column):
    import re

    return re.search(rf'class="field-{column}[^"]*"[^>]*>(.*?)</t[dh]>', row, re.S).group(1)


def test_columns_show_status_two_factor_lock_and_sessions(operator_client, user, rf):
    users_browser(user), users_browser(user)
    enrol(user)
    make_user("bob@example.com", display_name="Bob Builder")
    for _ in range(5):
        request = rf.post("/login/", REMOTE_ADDR="192.0.2.3")
        throttle.check_login_allowed(request, "bob@example.com")
        throttle.login_failed(request, "bob@example.com")
    page = operator_client.get(USERS)
    found = rows(page)
    alice, bob = found["alice@example.com"], found["bob@example.com"]
    for column in ["display_name", "is_active", "is_staff", "two_factor", "login_locked", "last_sign_in",
                   "active_sessions"]:
        assert f"field-{column}" in alice
    assert "icon-yes" in cell(alice, "two_factor") and "icon-no" in cell(bob, "two_factor")
    assert "icon-yes" in cell(bob, "login_locked") and "icon-no" in cell(alice, "login_locked")
    assert cell(alice, "active_sessions") == "2" and cell(bob, "active_sessions") == "0"
    assert cell(bob, "display_name") == "Bob Builder"
    assert cell(bob, "last_sign_in") == "never" and cell(alice, "last_sign_in") != "never"


def test_search_by_email_and_name(operator_client, user):
    make_user("bob@example.com", display_name="Bob Builder")
    assert set(rows(operator_client.get(USERS, {"q": "builder"}))) == {"bob@example.com"}
    assert set(rows(operator_client.get(USERS, {"q": "alice@"}))) == {"alice@example.com"}


def test_filters_active_staff_two_factor_locked_joined(operator_client, user, rf):
    enrol(user)
    make_user("gone@example.com", is_active=False)
    for _ in range(5):
        request = rf.post("/login/", REMOTE_ADDR="192.0.2.3")
        throttle.check_login_allowed(request, "gone@example.com")
        throttle.login_failed(request, "gone@example.com")
    assert set(rows(operator_client.get(USERS, {"is_active__exact": "0"}))) == {"gone@example.com"}
    assert set(rows(operator_client.get(USERS, {"is_staff__exact": "1"}))) == {"ops@example.com"}
    assert set(rows(operator_client.get(USERS, {"two_factor": "yes"}))) == {"alice@example.com", "ops@example.com"}
    assert set(rows(operator_client.get(USERS, {"locked": "yes"}))) == {"gone@example.com"}
    assert "gone@example.com" not in rows(operator_client.get(USERS, {"locked": "no"}))
    joined = operator_client.get(USERS, {"date_joined__gte": "2000-01-01T00:00:00+00:00",
                                          "date_joined__lt": "2000-01-02T00:00:00+00:00"})
    assert rows(joined) == {}
    assert "date_joined" in operator_client.get(USERS).content.decode()


def _commands(server):
    if not hasattr(server, "probe"):
        server.probe = redis.Redis(port=server.port)
    return {name: stats["calls"] for name, stats in server.probe.info("commandstats").items()}


def _list_page_cost(client, server, monkeypatch):
    """(SQL queries, {redis command: calls}, redis round trips) of one users-list page."""
    trips = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        trips.append(1)
        return original(self, command, check_health)

    client.get(USERS)
    before = _commands(server)
    with CaptureQueriesContext(connection) as queries:
        monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
        response = client.get(USERS)
        monkeypatch.setattr(AbstractConnection, "send_packed_command", original)
    after = _commands(server)
    assert response.status_code == 200
    delta = {name: after[name] - before.get(name, 0) for name in after if after[name] != before.get(name, 0)}
    delta["cmdstat_info"] -= 1  # the measurement's own INFO
    return len(queries), {name: calls for name, calls in delta.items() if calls}, len(trips), len(rows(response))


def test_the_list_costs_the_same_queries_and_redis_round_trips_for_10_and_100_users(
        private_redis, monkeypatch, django_assert_num_queries):
    with time_machine.travel(time.time(), tick=False):
        root = make_user("root@example.com", is_staff=True, is_superuser=True)
        client = signed_in_staff(root)
        people = [make_user(f"person{i:03}@example.com") for i in range(9)]
        for person in people:
            session_index.add(person.pk, f"session-of-{person.pk}", time.time() + 600)
        small_queries, small_commands, small_trips, shown = _list_page_cost(client, private_redis, monkeypatch)
        assert shown == 10
        people += [make_user(f"person{i:03}@example.com") for i in range(9, 99)]
        with django_assert_num_queries(small_queries):
            client.get(USERS)
        big_queries, big_commands, big_trips, shown = _list_page_cost(client, private_redis, monkeypatch)
    assert shown == 100
    assert big_queries == small_queries
    # Redis: the session read, one pipeline reading the locks, one pipeline counting the page's sessions.
    assert small_trips == big_trips == 3
    assert small_commands.pop("cmdstat_zcount") == 10 and big_commands.pop("cmdstat_zcount") == 100
    assert small_commands == big_commands


def test_support_sees_the_list_without_the_superusers_actions(user):
    from tests.admin_console.helpers import support_member

    staff = signed_in_staff(support_member())
    page = staff.get(USERS)
    assert page.status_code == 200 and "alice@example.com" in rows(page)
