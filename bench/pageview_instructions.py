#!/usr/bin/env python
"""CPU instructions one signed-in page view costs a gunicorn worker: authsite against Django's default stack.

bench/pageviews.py measures throughput, which on a shared 2-core machine swings by ±30 % from one round to the next;
a few per cent between two stacks drown in that. Instructions counted by valgrind (callgrind) do not depend on the
neighbours: the same run gives the same count to a hundredth of a per cent. Each stack runs as in pageviews.py
(gunicorn, gthread, the same settings), here with one worker and one thread under callgrind; after a warm-up the
worker's counters are zeroed, N signed-in page views are sent one after another on a keep-alive connection, and the
worker's instructions are divided by N. That covers everything the worker does for a request (gunicorn's parsing and
response, the middleware, the session and user reads, the template), not the Redis and PostgreSQL servers, which
get the same one command and one query from every stack.

    .venv/bin/python bench/pageview_instructions.py [--requests 200] [--database authsite_bench]

Needs valgrind (Debian package), PostgreSQL on 127.0.0.1:5432 (user postgres) and redis-server.
"""

import argparse
import http.client
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DB_NAME, ROOT, bench_env, fresh_database, manage, private_redis
from bench.pageviews import EMAIL, PASSWORD, sign_in
from tests.servers import free_port, wait_for

DEFAULT_STACK = "Django default stack (startproject)"
STACKS = (  # (name, settings module, extra environment, gunicorn configuration); authsite first: it signs in
    ("authsite, all protections on", "authsite.settings", {}, "own"),
    (DEFAULT_STACK, "bench.plain_settings", {"BENCH_STACK": "default"}, "baseline"),
    ("minimal stack (sessions + auth only)", "bench.plain_settings", {"BENCH_STACK": "plain"}, "baseline"),
)
WARM_UP = 30


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default=DB_NAME)
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_control"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is not installed (apt-get install valgrind)")
    with private_redis() as redis_port, tempfile.TemporaryDirectory() as out_dir:
        env = bench_env(redis_port, args.database)
        fresh_database(args.database)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "shell", "-c", f"from accounts.models import User; User.objects.create_user({EMAIL!r}, "
                                   f"{PASSWORD!r}, email_verified=True)")
        cookie = None
        counts = {}
        for name, settings_module, extra, config in STACKS:
            stack_env = {**env, **extra, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONHASHSEED": "0"}
            counts[name] = worker_instructions(stack_env, config, cookie, args.requests, Path(out_dir))
            cookie = counts[name].pop("cookie")
        report(counts, args.requests)


def worker_instructions(env, config, cookie, requests_count, out_dir):
    """Instructions per page view of a one-worker, one-thread gunicorn running under callgrind. Without a session
    cookie it signs in first (authsite does; the baselines reuse its session: same cache keys and format)."""
    port = free_port()
    config_args = [] if config == "own" else ["--config", str(ROOT / "bench" / "gunicorn_baseline.py")]
    label = f"cg.{port}"
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out_dir}/{label}.%p",
         sys.executable, "-m", "gunicorn", "authsite.wsgi:application", "--bind", f"127.0.0.1:{port}", *config_args,
         "--workers", "1", "--worker-class", "gthread", "--threads", "1", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _status(port, "/healthz") in (200, 404), what="gunicorn under valgrind", timeout=180)
        cookie = cookie or sign_in(base)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(WARM_UP):
            _page_view(connection, cookie)
        worker = _only_child(server.pid)
        subprocess.run(["callgrind_control", "-z", str(worker)], check=True, capture_output=True)
        for _ in range(requests_count):
            _page_view(connection, cookie)
        subprocess.run(["callgrind_control", "-d", str(worker)], check=True, capture_output=True)
        dump = max(out_dir.glob(f"{label}.{worker}.*"), key=lambda path: path.stat().st_mtime)
        return {"per_view": _total_instructions(dump) / requests_count, "cookie": cookie}
    finally:
        server.terminate()
        server.wait(timeout=60)


def _status(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    return connection.getresponse().status


def _page_view(connection, cookie):
    connection.request("GET", "/", headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status


def _only_child(pid):
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    assert len(children) == 1, children
    return int(children[0])


def _total_instructions(dump):
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise ValueError(f"no totals in {dump}")


def report(counts, requests_count):
    baseline = counts[DEFAULT_STACK]["per_view"]
    print(f"\nInstructions per signed-in page view in one gunicorn worker (callgrind, {requests_count} sequential "
          f"views after {WARM_UP} to warm up; the same settings for all):")
    for name, count in counts.items():
        print(f"  {name:<38} {count['per_view'] / 1e6:7.3f} M   x{count['per_view'] / baseline:.3f} of Django's default")


if __name__ == "__main__":
    main()
