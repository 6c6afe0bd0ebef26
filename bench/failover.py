#!/usr/bin/env python
"""Redis Sentinel failover, measured: a killed master and a planned failover under two authsite servers.

Starts a Sentinel group on loopback (master, replica, three sentinels, down-after-milliseconds 1000) and prints:
  1. master killed: how long until sign-ins work again on both servers, what the requests got meanwhile, and how
     many sessions written before the kill were lost;
  2. planned failover (SENTINEL FAILOVER): acknowledged cache writes lost, through authsite's cache settings with
     its master-rechecking pool and, for reference, with redis-py's own SentinelConnectionPool.
Figures only; nothing is asserted.

    .venv/bin/python bench/failover.py [--rounds 3] [--writers 4]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and redis-server (Debian's package has --sentinel).
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, bench_env, fresh_database, manage
from bench.pageviews import start_gunicorn
from tests.http_client import PlainHttpBrowser
from tests.sentinel import sentinel_group

DB_NAME = "authsite_bench_failover"
EMAIL, PASSWORD = "bench@example.com", "a long and unusual benchmark passphrase"
POOLS = {
    "authsite (master re-check every 0.5 s)": "authsite.sentinel.MasterRecheckingPool",
    "redis-py SentinelConnectionPool (reference)": "redis.sentinel.SentinelConnectionPool",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writers", type=int, default=4, help="writer threads in the planned-failover figure")
    parser.add_argument("--sessions", type=int, default=20, help="sessions signed in before the kill")
    args = parser.parse_args()

    fresh_database(DB_NAME)
    env = bench_env(0, DB_NAME)
    env.pop("REDIS_URL")
    env["DEBUG"] = "1"  # migrate and the user need no Redis; the servers below run with DEBUG off
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "shell", "-c", f"from accounts.models import User; User.objects.create_user({EMAIL!r}, "
                               f"{PASSWORD!r}, email_verified=True)")

    kills = [killed_master(args) for _ in range(args.rounds)]
    print(f"\n1. Master killed (SIGKILL), down-after-milliseconds 1000, two servers x 2 workers, {args.rounds} rounds")
    for number, kill in enumerate(kills, 1):
        print(f"  round {number}: first sign-in done {kill['first']:.2f} s after the kill, on both servers by "
              f"{kill['back_after']:.2f} s; "
              f"meanwhile {kill['statuses']}; sessions written before the kill lost: {kill['lost']} of {kill['sessions']}")
    print(f"  median: first sign-in {statistics.median(k['first'] for k in kills):.2f} s, "
          f"both servers {statistics.median(k['back_after'] for k in kills):.2f} s")

    print(f"\n2. Planned failover (SENTINEL FAILOVER), {args.writers} threads writing to the cache, {args.rounds} rounds")
    for label, pool in POOLS.items():
        runs = [planned_failover(pool, args) for _ in range(args.rounds)]
        for run in runs:
            print(f"  {label}: lost {run['lost']} of {run['acked']} acknowledged writes "
                  f"(= {run['lost'] / run['rate']:.2f} s worth at {run['rate']:.0f} writes/s); "
                  f"refused (503 in the app) for {run['refused_for']:.2f} s")
        print(f"  {label}: median {statistics.median(r['lost'] / r['rate'] for r in runs):.2f} s worth lost\n")


def servers_on(group, stack, count=2):
    env = {**bench_env(0, DB_NAME), **group.app_env()}
    processes = []
    stack.callback(lambda: [process.terminate() for process in processes])
    return [start_gunicorn(env, "authsite.settings", 2, processes) for _ in range(count)]


def killed_master(args):
    with ExitStack() as stack:
        group = stack.enter_context(sentinel_group(down_after_ms=1000, failover_timeout_ms=3000))
        a, b = servers_on(group, stack)
        before = [signed_in((a, b)[n % 2]) for n in range(args.sessions)]
        group.wait_for_replication()
        killed_at = time.monotonic()
        group.kill(group.master_port())
        statuses, first_success = [], None
        while time.monotonic() - killed_at < 30:
            statuses.append(try_to_sign_in((a, b)[len(statuses) % 2]))
            if statuses[-1] == 302 and first_success is None:
                first_success = time.monotonic() - killed_at
            if statuses[-2:] == [302, 302]:
                break
        back_after = time.monotonic() - killed_at
        lost = sum(1 for browser in before if browser.get("/account/").status_code != 200)
        counts = {status: statuses.count(status) for status in sorted(set(statuses))}
        return {"first": first_success, "back_after": back_after, "statuses": counts, "lost": lost,
                "sessions": len(before)}


def signed_in(base):
    browser = PlainHttpBrowser(base)
    assert browser.submit("/login/", {"email": EMAIL, "password": PASSWORD}).status_code == 302
    return browser


def try_to_sign_in(base):
    browser = PlainHttpBrowser(base)
    page = browser.get("/login/")
    if page.status_code != 200:
        return page.status_code
    return browser.submit("/login/", {"email": EMAIL, "password": PASSWORD},
                          token=PlainHttpBrowser.csrf_from(page)).status_code


WRITER = """
import json, sys, threading, time
import django
from django.conf import settings
django.setup()
options = settings.CACHES["default"]["OPTIONS"]
options["CONNECTION_POOL_CLASS"] = sys.argv[1]
if not sys.argv[1].startswith("authsite."):
    options.pop("CONNECTION_POOL_KWARGS", None)
from django.core.cache import cache
seconds, writers = float(sys.argv[2]), int(sys.argv[3])
acked, refused, start = [], [], time.monotonic()
def write(number):
    i = 0
    while time.monotonic() - start < seconds:
        key = f"bench:{number}:{i}"
        i += 1
        try:
            cache.set(key, 1, 3600)
            acked.append((time.monotonic() - start, cache.make_key(key)))
        except Exception:
            refused.append(time.monotonic() - start)
            time.sleep(0.01)
        time.sleep(0.002)
cache.set("warm", 1)
print("ready", flush=True)
threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"acked": acked, "refused": refused}))
"""


def planned_failover(pool, args):
    with sentinel_group(down_after_ms=1000, failover_timeout_ms=3000) as group:
        env = {**bench_env(0, DB_NAME), **group.app_env()}
        seconds = 16.0  # long enough for the old master to be demoted (about 10 s after the failover) and resync
        writer = subprocess.Popen([sys.executable, "-c", WRITER, pool, str(seconds), str(args.writers)], cwd=ROOT,
                                  env=env, stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(1)
        old = group.master_port()
        group.failover()
        group.wait_for_new_master(old)
        group.wait_until_replica(old, timeout=40)
        result = json.loads(writer.stdout.read())
        writer.wait(timeout=30)
        master = group.client(group.master_port())
        pipe = master.pipeline(transaction=False)
        for _, key in result["acked"]:
            pipe.exists(key)
        present = pipe.execute()
        lost = sum(1 for exists in present if not exists)
        refused = result["refused"]
        return {"acked": len(present), "lost": lost, "rate": len(present) / seconds,
                "refused_for": (max(refused) - min(refused)) if refused else 0.0}


if __name__ == "__main__":
    main()
