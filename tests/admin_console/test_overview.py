"""The security overview: per-hour inline-SVG charts of the events worth watching, and the IPs and accounts that
fail to sign in most, each linking to the filtered audit list."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from audit import events
from audit.record import record

pytestmark = pytest.mark.django_db
OVERVIEW = "/admin/audit/authevent/overview/"
ATTACKER = "203.0.113.50"


def bars(body, chart_id):
    svg = re.search(rf'<svg id="{chart_id}".*?</svg>', body, re.S).group(0)
    return [(hour, int(count), fill) for fill, hour, count in
            re.findall(r'fill="([^"]+)" data-hour="([^"]+)" data-count="(\d+)"', svg)]


def table_rows(body, table_id):
    table = re.search(rf'<table id="{table_id}">.*?</table>', body, re.S).group(0)
    return re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>(\d+)</td></tr>', table)


def test_a_burst_of_failed_sign_ins_from_one_ip_shows_as_a_spike_and_tops_the_list(operator, rf):
    from tests.admin_console.helpers import signed_in_staff

    # Ten minutes into an hour, so the burst cannot straddle two bars.
    start = timezone.now().replace(minute=10, second=0, microsecond=0) + timedelta(hours=1)
    with time_machine.travel(start, tick=True):
        burst_then_overview(signed_in_staff(operator), rf)


def burst_then_overview(operator_client, rf):
    # Background: a few failures a day over the past week, from other IPs.
    for hours_ago in range(5, 24 * 7, 7):
        with time_machine.travel(timezone.now() - timedelta(hours=hours_ago), tick=False):
            record(events.LOGIN_FAILED, request=rf.get("/", REMOTE_ADDR=f"198.51.100.{hours_ago % 200}"),
                   email=f"someone{hours_ago}@example.com")
    attacker = Client()
    for number in range(50):
        response = attacker.post("/login/", {"email": f"victim{number}@example.com", "password": "guess guess guess"},
                               REMOTE_ADDR=ATTACKER)
        assert response.status_code == 400
    page = operator_client.get(OVERVIEW)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<script" not in body.split('id="content-main"')[1]  # server-drawn SVG only

    failed = bars(body, "chart-0")
    assert len(failed) == 7 * 24
    hour, count, fill = failed[-1]  # this hour
    assert count == 50 and fill == "#ba2121"  # the peak, in red
    assert max(other for _, other, _ in failed[:-1]) <= 1

    (link, ip, count), *rest = table_rows(body, "top-ips")
    assert (ip, count) == (ATTACKER, "50")
    assert all(int(other) < 50 for _, _, other in rest)
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["ip"] == [ATTACKER] and query["event"] == [events.LOGIN_FAILED]
    listed = operator_client.get(link.replace("&amp;", "&"))
    assert listed.status_code == 200 and len(listed.context["cl"].result_list) == 50

    accounts = table_rows(body, "top-accounts")
    assert len(accounts) == 10 and all(count == "1" for _, _, count in accounts)


def test_every_watched_series_is_charted(operator_client, rf):
    for name in [events.LOGIN_ACCOUNT_LOCKED, events.LOGIN_IP_LOCKED, events.NEW_DEVICE,
                 events.PASSWORD_RESET_REQUESTED, events.MFA_FAILED, events.MFA_FAILED]:
        record(name)
    body = operator_client.get(OVERVIEW).content.decode()
    totals = dict(re.findall(r'<h2>([^<]+): <span class="overview-total">(\d+)</span>', body))
    assert totals == {"Failed sign-ins": "0", "Lockouts (accounts and IPs)": "2", "Sign-ins from a new device": "1",
                      "Password reset requests": "1", "Second-factor failures": "2"}


def test_the_overview_needs_the_audit_view_permission(db):
    from tests.admin_console.helpers import signed_in_staff, support_member

    assert signed_in_staff(support_member()).get(OVERVIEW).status_code == 403


def test_the_admin_index_links_to_the_overview(operator_client):
    assert OVERVIEW in operator_client.get("/admin/").content.decode()
