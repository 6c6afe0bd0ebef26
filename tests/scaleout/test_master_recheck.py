"""The Sentinel connection pool: it asks who the master is at most every 0.5 s, believes the newest configuration,
treats a failover in progress as no master, and never hands out a connection to a demoted master."""

import time

import pytest
import redis
from redis.sentinel import MasterNotFoundError, Sentinel

from authsite.sentinel import MasterRecheckingPool, current_master
from tests.sentinel import SERVICE, sentinel_group


@pytest.fixture(scope="module")
def group():
    with sentinel_group() as started:
        yield started


def master_client(group, recheck=0.5):
    manager = Sentinel([("127.0.0.1", port) for port in group.sentinel_ports], sentinel_kwargs={"retry": None})
    return manager.master_for(SERVICE, connection_pool_class=MasterRecheckingPool, master_recheck_seconds=recheck,
                              socket_timeout=1)


class CountedQueries:
    """Counts the SENTINEL MASTER queries the pool sends (each still goes to the real sentinel)."""

    def __init__(self, client):
        self.count = 0
        for sentinel in client.connection_pool.sentinel_manager.sentinels:
            sentinel.sentinel_master = self._counted(sentinel.sentinel_master)

    def _counted(self, query):
        def counted(*args, **kwargs):
            self.count += 1
            return query(*args, **kwargs)
        return counted


def test_the_master_is_asked_at_most_once_per_interval_whatever_the_traffic(group):
    client = master_client(group, recheck=0.5)
    queries = CountedQueries(client)
    started, commands = time.monotonic(), 0
    while time.monotonic() - started < 1.2:
        client.set("key", 1)
        commands += 1
    rounds = queries.count / len(group.sentinel_ports)  # one round asks every sentinel
    assert 2 <= rounds <= 3 < commands  # about at 0, 0.5 and 1.0 s: asked again, but not once per command


def test_after_a_failover_every_connection_goes_to_the_new_master(group):
    client = master_client(group)
    pool = client.connection_pool
    old = group.master_port()
    for n in range(20):
        client.set(f"before:{n}", n)
    group.failover()
    new = group.wait_for_new_master(old)
    time.sleep(0.6)
    for n in range(20):
        client.set(f"after:{n}", n)
    assert pool.master_address == ("127.0.0.1", new)
    connected = [c for c in pool._available_connections if c._sock is not None]
    assert connected and all(c.port == new for c in connected)
    # The old master still believes it is a master for several seconds; nothing of ours went there.
    assert group.client(old).get("after:0") is None
    assert group.client(new).get("after:19") == "19"
    group.wait_until_replica(old)


class Sentinels:
    """Stand-ins for the sentinels' answers to SENTINEL MASTER, to decide between them without staging each case."""

    def __init__(self, *answers):
        self.sentinels = [Answer(answer) for answer in answers]


class Answer:
    def __init__(self, answer):
        self.answer = answer

    def sentinel_master(self, service):
        if isinstance(self.answer, Exception):
            raise self.answer
        port, epoch, flags = self.answer
        return {"ip": "10.0.0.1", "port": port, "config-epoch": epoch, "flags": flags}


def test_the_sentinel_with_the_newest_configuration_wins():
    # The leader of a failover knows the new master first; the others still name the old one for a moment.
    sentinels = Sentinels((6379, 1, "master"), (6380, 2, "master"), redis.ConnectionError("down"))
    assert current_master(sentinels, SERVICE) == ("10.0.0.1", 6380)


def test_a_failover_in_progress_means_no_master_yet():
    sentinels = Sentinels((6379, 1, "master"), (6379, 1, "master,failover_in_progress,force_failover"))
    with pytest.raises(MasterNotFoundError, match="failover in progress"):
        current_master(sentinels, SERVICE)


def test_a_master_seen_down_or_no_sentinel_at_all_means_no_master():
    with pytest.raises(MasterNotFoundError):
        current_master(Sentinels((6379, 1, "master,s_down"), (6379, 1, "master,s_down,o_down")), SERVICE)
    with pytest.raises(MasterNotFoundError):
        current_master(Sentinels(redis.ConnectionError("down"), redis.TimeoutError("slow")), SERVICE)
