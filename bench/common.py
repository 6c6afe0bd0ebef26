"""What the benchmarks share: a private redis-server, a fresh PostgreSQL database, manage.py in a child process."""

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, wait_for  # noqa: E402

DB_NAME = "authsite_bench"


@contextmanager
def private_redis():
    """A redis-server of our own on a free port, so nothing else pollutes its counters. Yields the port."""
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)
    try:
        wait_for(lambda: redis.Redis(port=port).ping(), what="redis-server")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def fresh_database(name=DB_NAME):
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def bench_env(redis_port, db_name=DB_NAME):
    return {
        **os.environ, "DEBUG": "0", "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db_name}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://localhost", "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "authsite.settings",
        # A key set of the bench's own (made by `rotate_signing_key --init` in each bench that needs it).
        "API_SIGNING_KEYS_FILE": str(Path(tempfile.gettempdir()) / f"authsite-bench-keys-{os.getpid()}.json"),
        # The API's per-IP limit (100 per 15 minutes) would answer 429 after a moment of load from one client: the
        # benches measure throughput, so it is lifted (the request is still counted, at the same cost).
        "AUTHSITE_RATE_LIMITS": json.dumps({"signup_email": "5/h", "signup_ip": "20/h", "reset_email": "5/h",
                                            "reset_ip": "20/h", "step_up": "5/15m", "api": "100000000/15m"}),
    }


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
