#!/usr/bin/env python
"""The audit trail at scale: fills 1,000,000 security events and prints the SQL time of the admin's audit list
(unfiltered, filtered, searched, paged, exported) and of the security overview page.

    .venv/bin/python bench/audit_list.py [--events 1000000] [--repeat 5]

It starts its own redis-server and a fresh `authsite_bench_audit` PostgreSQL database, fills the table with one
INSERT ... SELECT over generate_series (30 days of a realistic mix of events, 10,000 users, 5,000 client IPs),
runs ANALYZE, then loads each page through Django's test client as a signed-in superuser and sums the time of
every SQL query the page runs (median of --repeat loads). For comparison it also times what the old list paid on
every page: a full COUNT(*) of the table.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.common
from bench.common import bench_env, fresh_database, manage, private_redis

# A database of its own: other benches drop and recreate theirs (authsite_bench) when they start.
DB_NAME = bench.common.DB_NAME = "authsite_bench_audit"

USERS = 10_000
IPS = 5_000
DAYS = 30

FILL_USERS = f"""
INSERT INTO accounts_user (password, is_superuser, email, display_name, is_staff, is_active, email_verified,
                           date_joined)
SELECT '!', false, 'user' || g || '@example.com', 'User ' || g, false, true, true, now() - interval '400 days'
FROM generate_series(1, {USERS}) g
"""

# A mix close to a real site's: mostly sign-ins and sign-outs, a quarter failures, a trickle of the rest.
KINDS = (["login.succeeded"] * 8 + ["login.failed"] * 5 + ["logout"] * 3 + ["sessions.revoked", "login.new_device",
         "password_reset.requested", "mfa.verified", "mfa.failed", "login.account_locked"])

FILL_EVENTS = """
INSERT INTO audit_authevent (user_id, event, ip, user_agent, created_at, details)
SELECT CASE WHEN g % 10 = 0 THEN NULL ELSE (SELECT min(id) FROM accounts_user) + (g % {users}) END,
       ({kinds})[1 + (g % {kind_count})],
       ('10.' || ((g % {ips}) / 250) || '.' || ((g % {ips}) % 250) || '.' || (g % 7))::inet,
       'Mozilla/5.0 (X11; Linux x86_64) bench/' || (g % 50),
       now() - (g * (interval '{days} days' / {events})),
       jsonb_build_object('email', 'user' || (g % {users}) || '@example.com')
FROM generate_series(1, {events}) g
"""


def fill(events):
    import psycopg

    kinds = "ARRAY[" + ",".join(f"'{kind}'" for kind in KINDS) + "]"
    sql = FILL_EVENTS.format(users=USERS, kinds=kinds, kind_count=len(KINDS), ips=IPS, days=DAYS, events=events)
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB_NAME}", autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute(FILL_USERS)
        conn.execute(sql)
        conn.execute("VACUUM ANALYZE audit_authevent")
        conn.execute("ANALYZE accounts_user")
        print(f"filled {events:,} events in {time.perf_counter() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with private_redis() as port:
        # The bench signs in with force_login, so the admin's second-factor requirement is off for it.
        env = {**bench_env(port), "AUTHSITE_ENFORCE_FOR_STAFF": "false"}
        fresh_database()
        manage(env, "migrate", "--no-input", "-v", "0")
        fill(args.events)
        os.environ.update(env)
        import django

        django.setup()
        measure(args)


def sql_time(client, url, repeat):
    """(median SQL milliseconds, queries) of loading `url`."""
    from django.db import connection

    timings = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(time.perf_counter() - started)

    samples, queries = [], 0
    for _ in range(repeat):
        timings.clear()
        with connection.execute_wrapper(timed):
            response = client.get(url)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
        assert response.status_code == 200, (url, response.status_code)
        samples.append(sum(timings) * 1000)
        queries = len(timings)
    return statistics.median(samples), queries


def measure(args):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    root = get_user_model().objects.create_superuser("root@example.com", "a long benchmark passphrase")
    client = Client()
    client.force_login(root)
    some_user = get_user_model().objects.get(email="user42@example.com")
    week_ago = (time.strftime("%Y-%m-%d", time.gmtime(time.time() - 7 * 86400)))
    pages = [
        ("audit list, unfiltered", "/admin/audit/authevent/"),
        ("audit list, page 50", "/admin/audit/authevent/?p=50"),
        ("audit list, event=login.failed", "/admin/audit/authevent/?event=login.failed"),
        ("audit list, one user", f"/admin/audit/authevent/?user={some_user.pk}"),
        ("audit list, one IP", "/admin/audit/authevent/?ip=10.3.17.4"),
        ("audit list, search by email", "/admin/audit/authevent/?q=user42%40example.com"),
        ("audit list, failures since a week", f"/admin/audit/authevent/?event=login.failed&since={week_ago}"),
        ("CSV export, one user", f"/admin/audit/authevent/export.csv?user={some_user.pk}"),
        ("security overview", "/admin/audit/authevent/overview/"),
        ("users list", "/admin/accounts/user/"),
    ]
    print(f"{'page':40} {'SQL ms (median)':>16} {'queries':>8}")
    for label, url in pages:
        client.get(url)  # warm the cache of plans and pages
        milliseconds, queries = sql_time(client, url, args.repeat)
        print(f"{label:40} {milliseconds:16.1f} {queries:8}")
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT COUNT(*) FROM audit_authevent")
        print(f"{'(before: one full COUNT(*) of the table)':40} {(time.perf_counter() - started) * 1000:16.1f}")


if __name__ == "__main__":
    main()
