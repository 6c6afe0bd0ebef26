#!/usr/bin/env python
"""Authenticated page views per second: authsite against Django's default stack (the baseline), a minimal stack and
a bare view; and the JWT API's GET /api/me with a bearer token against authsite's signed-in home page.

Starts, in one run and with the same gunicorn settings: authsite (all protections on), authsite again through a
Redis Sentinel group (master, replica, three sentinels on loopback), Django's default stack (the seven middleware of
`django-admin startproject`, Redis cache sessions, the same signed-in home page) which the ratios are printed
against, a minimal stack (SessionMiddleware + AuthenticationMiddleware only), and a bare view with no middleware. A
private redis-server and a fresh PostgreSQL database are used, so the counts are not polluted by anything else.
Prints throughput, ratios, and the Redis commands / SQL queries one authenticated page view costs.

    .venv/bin/python bench/pageviews.py [--seconds 4] [--rounds 7] [--connections 16] [--database authsite_bench]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres), redis-server and `wrk` (Debian packages).
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.common import DB_NAME, ROOT, bench_env, fresh_database, manage, private_redis
from tests.sentinel import sentinel_group
from tests.servers import free_port, wait_for

DEFAULT_STACK = "Django default stack (startproject)"
AUTHSITE_STACK = "authsite, all protections on"
EMAIL, PASSWORD = "bench@example.com", "a long and unusual benchmark passphrase"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default=DB_NAME, help="PostgreSQL database to (re)create for the run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed (apt-get install wrk)")

    with private_redis() as redis_port, sentinel_group() as group:
        run(bench_env(redis_port, args.database), redis_port, group, args)


SENTINEL_STACK = "authsite through Redis Sentinel"


def run(env, redis_port, group, args):
    servers = []
    try:
        fresh_database(args.database)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "shell", "-c", f"from accounts.models import User; User.objects.create_user({EMAIL!r}, "
                                   f"{PASSWORD!r}, email_verified=True)")
        manage(env, "rotate_signing_key", "--init", "-v", "0")
        sentinel_env = {**env, **group.app_env()}
        counts = {"direct Redis": count_costs(env, redis_port),
                  "through Sentinel": count_costs(sentinel_env, group.master_port())}
        for label, stack_env in (("direct Redis", env), ("through Sentinel", sentinel_env)):
            counts[label]["read_us"] = cache_read_microseconds(stack_env)
        api_counts = count_api_costs(env)

        authsite = start_gunicorn(env, "authsite.settings", args.workers, servers)
        default = start_gunicorn({**env, "BENCH_STACK": "default"}, "bench.plain_settings", args.workers, servers)
        plain = start_gunicorn({**env, "BENCH_STACK": "plain"}, "bench.plain_settings", args.workers, servers)
        bare = start_gunicorn({**env, "BENCH_STACK": "bare"}, "bench.plain_settings", args.workers, servers)
        through_sentinel = start_gunicorn(sentinel_env, "authsite.settings", args.workers, servers)
        cookie = sign_in(authsite)
        for base in (authsite, default, plain):  # the same session serves both stacks (same cache keys and format)
            assert requests.get(f"{base}/", headers={"Cookie": cookie}, allow_redirects=False).status_code == 200
        sentinel_cookie = sign_in(through_sentinel)  # its sessions live in the Sentinel group's master

        token = requests.post(f"{authsite}/api/auth/token", json={"email": EMAIL, "password": PASSWORD},
                              timeout=30).json()["access_token"]
        bearer = f"Authorization: Bearer {token}"
        assert requests.get(f"{authsite}/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200

        stacks = (("bare Django view, no middleware", f"{bare}/bare/", None),
                  ("minimal stack (sessions + auth only)", f"{plain}/", f"Cookie: {cookie}"),
                  (DEFAULT_STACK, f"{default}/", f"Cookie: {cookie}"),
                  (AUTHSITE_STACK, f"{authsite}/", f"Cookie: {cookie}"),
                  (API_STACK, f"{authsite}/api/me", bearer),
                  (SENTINEL_STACK, f"{through_sentinel}/", f"Cookie: {sentinel_cookie}"))
        # Rounds interleave the stacks, so a burst of noise on this machine hits each of them alike, and each round
        # starts at another stack, so none is always measured first or always right after the same neighbour. The
        # median round is reported, and the median of the per-round ratios (each round's authsite against the same
        # round's baseline), which cancels the slow drift of a shared virtual machine.
        rounds = {name: [] for name, _, _ in stacks}
        for number in range(args.rounds):
            start = number % len(stacks)
            for name, url, headers in stacks[start:] + stacks[:start]:
                rounds[name].append(load(url, headers, args.seconds, args.connections))
        results = {name: median_round(samples) for name, samples in rounds.items()}
        paired = {"authsite / Django's default stack": paired_ratio(rounds[AUTHSITE_STACK], rounds[DEFAULT_STACK]),
                  "through Sentinel / direct Redis": paired_ratio(rounds[SENTINEL_STACK], rounds[AUTHSITE_STACK])}
        report(results, counts, args, paired)
        report_api(results, api_counts)
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait(timeout=10)


def count_costs(env, redis_port, views=200):
    """Redis commands and SQL queries per authenticated page view, measured in a child Django process."""
    code = f"""
import django, json, redis
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
assert client.post("/login/", {{"email": {EMAIL!r}, "password": {PASSWORD!r}}}).status_code == 302
client.get("/")
r = redis.Redis(port={redis_port})
# Sentinel's own traffic to a master (PING, INFO, PUBLISH hello) and replication (REPLCONF) are not page views.
NOT_OURS = {{"cmdstat_ping", "cmdstat_info", "cmdstat_publish", "cmdstat_replconf", "cmdstat_subscribe"}}
def commands():
    return sum(stats["calls"] for name, stats in r.info("commandstats").items() if name not in NOT_OURS)
before = commands()
with CaptureQueriesContext(connection) as queries:
    for _ in range({views}):
        assert client.get("/").status_code == 200
after = commands()
print(json.dumps({{"redis": (after - before) / {views}, "sql": len(queries) / {views}}}))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "ALLOWED_HOSTS": "testserver"},
                         check=True, capture_output=True, text=True).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def cache_read_microseconds(env, reads=5000):
    """One cache read (the page view's session GET) in a quiet child process: the client-side price of Sentinel,
    free of the load generator's noise. Best of 5 batches."""
    code = f"""
import django, time
django.setup()
from django.core.cache import cache
cache.set("bench:read", "x" * 200)
for _ in range(500):
    cache.get("bench:read")
batches = []
for _ in range(5):
    started = time.perf_counter()
    for _ in range({reads}):
        cache.get("bench:read")
    batches.append((time.perf_counter() - started) / {reads} * 1e6)
print(min(batches))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def start_gunicorn(env, settings_module, workers, servers):
    port = free_port()
    # The baselines are not authsite: they skip its gunicorn.conf.py (which sets authsite up and checks it).
    config = [] if settings_module == "authsite.settings" else ["--config", str(ROOT / "bench" / "gunicorn_baseline.py")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "authsite.wsgi:application", "--bind", f"127.0.0.1:{port}", *config,
         "--workers", str(workers), "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": settings_module})
    servers.append(proc)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: requests.get(f"{base}/bare/", allow_redirects=False, timeout=2).status_code in (200, 302, 404),
             what=settings_module)
    return base


def sign_in(base):
    session = requests.Session()
    session.get(f"{base}/login/")
    for cookie in session.cookies:  # Secure cookies over plain http to 127.0.0.1: requests would hold them back
        cookie.secure = False
    token = session.cookies.get("csrftoken", "")
    response = session.post(f"{base}/login/", data={"email": EMAIL, "password": PASSWORD,
                                                    "csrfmiddlewaretoken": token},
                            headers={"Referer": f"{base}/login/"}, allow_redirects=False)
    assert response.status_code == 302, response.status_code
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def load(url, header, seconds, connections):
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rate, "non2xx": int(errors.group(1)) if errors else 0}


def paired_ratio(samples, baseline_samples):
    """The median over rounds of samples[i] / baseline_samples[i]."""
    return statistics.median(sample["rps"] / base["rps"] for sample, base in zip(samples, baseline_samples, strict=True))


def median_round(samples):
    ordered = sorted(samples, key=lambda sample: sample["rps"])
    return {"rps": ordered[len(ordered) // 2]["rps"], "non2xx": sum(sample["non2xx"] for sample in samples),
            "all": [round(sample["rps"]) for sample in samples]}


API_STACK = "authsite GET /api/me, bearer token"


def count_api_costs(env, calls=200):
    """Redis round trips (sends to the server; a pipeline is one) and SQL queries per GET /api/me."""
    code = f"""
import django, json, time
django.setup()
import redis.connection
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
token = client.post("/api/auth/token", {{"email": {EMAIL!r}, "password": {PASSWORD!r}}},
                    content_type="application/json").json()["access_token"]
headers = {{"Authorization": "Bearer " + token}}
assert client.get("/api/me", headers=headers).status_code == 200
sends = []
original = redis.connection.AbstractConnection.send_packed_command
redis.connection.AbstractConnection.send_packed_command = lambda self, *a, **k: sends.append(1) or original(self, *a, **k)
from api import access_tokens
started = time.perf_counter()
for _ in range(2000):
    access_tokens.verify(token)
verify_ms = (time.perf_counter() - started) / 2000 * 1000
with CaptureQueriesContext(connection) as queries:
    for _ in range({calls}):
        assert client.get("/api/me", headers=headers).status_code == 200
print(json.dumps({{"redis": len(sends) / {calls}, "sql": len(queries) / {calls}, "verify_ms": verify_ms}}))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "ALLOWED_HOSTS": "testserver"},
                         check=True, capture_output=True, text=True).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def report_api(results, counts):
    home = results[AUTHSITE_STACK]["rps"]
    api = results[API_STACK]["rps"]
    print(f"\nGET /api/me with a bearer token: {api:.1f} req/s, x{api / home:.2f} of the signed-in home page "
          f"({home:.1f} req/s)")
    print(f"  Redis round trips: {counts['redis']:.2f}   SQL queries: {counts['sql']:.2f}   "
          f"token verification: {counts['verify_ms']:.3f} ms")


def report(results, counts, args, paired):
    print(f"\nAuthenticated page views (median of {args.rounds} interleaved rounds of {args.seconds}s, "
          f"{args.connections} connections, gunicorn {args.workers} workers x 4 threads, same settings for all)")
    baseline = results[DEFAULT_STACK]["rps"]
    minimal = results["minimal stack (sessions + auth only)"]["rps"]
    for name, result in results.items():
        note = f"  ({result['non2xx']} non-2xx!)" if result["non2xx"] else ""
        print(f"  {name:<38} {result['rps']:>9.1f} req/s   x{result['rps'] / baseline:.2f} of Django's default   "
              f"x{result['rps'] / minimal:.2f} of minimal   rounds: {result['all']}{note}")
    print("\n  Median of the per-round ratios (each round's figures against the same round's):")
    for label, ratio in paired.items():
        print(f"    {label:<36} x{ratio:.3f}")
    print("  (through Sentinel, the master re-check asks the three sentinels at most every 0.5 s per worker, never "
          "per request)")
    print("\nCost of one authenticated page view in authsite (GET /, the signed-in home page):")
    for label, count in counts.items():
        print(f"  {label:<17} Redis commands on the master: {count['redis']:.2f}   SQL queries: {count['sql']:.2f}   "
              f"one cache read: {count['read_us']:.1f} µs")


if __name__ == "__main__":
    main()
