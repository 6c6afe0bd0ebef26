#!/usr/bin/env python
"""Ending all of one user's sessions: cost with no other sessions in Redis vs with 1,000,000 others.

The per-user index means revoke_sessions() touches only that user's keys, so the two figures should match.
    .venv/bin/python bench/revoke_sessions.py [--others 1000000] [--repeat 30]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, fresh_database, manage, private_redis

USER_SESSIONS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--others", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with private_redis() as port:
        env = bench_env(port)
        fresh_database()
        manage(env, "migrate", "--no-input", "-v", "0")
        os.environ.update(env)
        import django

        django.setup()
        measure(args)


def measure(args):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_redis import get_redis_connection

    from accounts.flows.sessions import revoke_sessions

    user = get_user_model().objects.create_user("bench@example.com", "a long benchmark passphrase",
                                                email_verified=True)

    def sign_in_many():
        for _ in range(USER_SESSIONS):
            assert Client().post("/login/", {"email": user.email,
                                             "password": "a long benchmark passphrase"}).status_code == 302

    def timed_revoke():
        samples = []
        for _ in range(args.repeat):
            sign_in_many()
            start = time.perf_counter()
            assert revoke_sessions(user, reason="bench") == USER_SESSIONS
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    empty = timed_revoke()
    redis = get_redis_connection("default")
    fill_started = time.perf_counter()
    fill_other_sessions(redis, args.others)
    fill_seconds = time.perf_counter() - fill_started
    crowded = timed_revoke()
    print(f"\nEnding all {USER_SESSIONS} sessions of one user (median of {args.repeat}, including its audit record):")
    print(f"  no other sessions in Redis        {empty * 1000:8.2f} ms")
    print(f"  {args.others:>9,} other sessions in Redis {crowded * 1000:8.2f} ms   "
          f"ratio x{crowded / empty:.2f}   (filled in {fill_seconds:.1f}s; dbsize {redis.dbsize():,})")


def fill_other_sessions(redis, count, users=100_000, batch=20_000):
    """`count` other sessions spread over `users` other users, each also listed in its user's index."""
    from django.contrib.sessions.backends.cache import KEY_PREFIX
    from django.core.cache import cache

    from accounts.sessions.index import _key

    now = time.time()
    value = b"\x80\x04}\x94."  # an (empty) pickled dict, like a real session's shape
    for start in range(0, count, batch):
        pipe = redis.pipeline(transaction=False)
        for n in range(start, min(start + batch, count)):
            session_key = f"bench{n:027d}"
            pipe.set(cache.make_and_validate_key(KEY_PREFIX + session_key), value, ex=3600)
            pipe.zadd(_key(1_000_000 + n % users), {session_key: now + 3600})
        pipe.execute()


if __name__ == "__main__":
    main()
