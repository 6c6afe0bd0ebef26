"""An authenticated read-only page view: one Redis round trip, one SQL query, no write unless needed."""


import pytest
import redis

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def commands(server):
    # One long-lived connection, so the measurement adds only its own INFO call, never a connection handshake.
    if not hasattr(server, "probe"):
        server.probe = redis.Redis(port=server.port)
        server.probe.ping()
    return server.probe.info("commandstats")


def calls(stats, command):
    return stats.get(f"cmdstat_{command}", {}).get("calls", 0)


def test_read_only_page_view_costs_one_redis_command_and_one_sql_query(client, user, private_redis,
                                                                        django_assert_num_queries, frozen_clock):
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    client.get("/")
    before = commands(private_redis)
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200
    after = commands(private_redis)
    total = sum(stats["calls"] for stats in after.values()) - sum(stats["calls"] for stats in before.values())
    assert total - 1 == 1  # the one GET of the session (minus the INFO call that measured it)
    assert calls(after, "get") - calls(before, "get") == 1
    assert calls(after, "set") == calls(before, "set")


def test_the_idle_clock_write_happens_at_most_once_a_minute(client, user, private_redis, frozen_clock):
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    before = commands(private_redis)
    for _ in range(5):
        frozen_clock.shift(10)
        client.get("/")
    assert calls(commands(private_redis), "set") == calls(before, "set")
    frozen_clock.shift(20)  # 70 s since login: the idle clock is due
    client.get("/")
    assert calls(commands(private_redis), "set") == calls(before, "set") + 1
