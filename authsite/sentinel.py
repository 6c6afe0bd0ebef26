"""Redis through Sentinel: ask often enough who the master is that no write lands on a demoted one.

redis-py's SentinelConnectionPool asks Sentinel for the master only when it opens a connection. After a planned
failover the old master keeps accepting writes for about ten seconds, until Sentinel turns it into a replica and it
throws them away, so pooled connections silently lose every write of that window: revocations and lockouts rolled
back. MasterRecheckingPool asks again at most every `master_recheck_seconds` before it hands out a connection,
believes the sentinel with the newest configuration epoch, treats a failover in progress as "no master" (the
request becomes a calm 503 rather than a write that may vanish), and drops every connection to a demoted master.

Wired by settings through django-redis's SentinelConnectionFactory (see authsite/redis_config.py).
"""

import threading
import time

from redis.exceptions import ConnectionError, ResponseError, TimeoutError
from redis.sentinel import MasterNotFoundError, SentinelConnectionPool, SentinelConnectionPoolProxy


def current_master(sentinel_manager, service_name):
    """(host, port) of the master according to the sentinel with the newest configuration epoch.

    Every sentinel is asked: the one that led a failover knows first (the others learn a moment later), and only the
    leader reports the failover while it is in progress. Raises MasterNotFoundError (a redis ConnectionError) when
    no sentinel vouches for a master that is up, or when a failover is under way.
    """
    newest, problems = None, []
    for sentinel in sentinel_manager.sentinels:
        try:
            state = sentinel.sentinel_master(service_name)
        except (ConnectionError, TimeoutError, ResponseError) as exc:
            problems.append(type(exc).__name__)
            continue
        flags = state["flags"]
        flags = set(flags.split(",")) if isinstance(flags, str) else set(flags)
        if "failover_in_progress" in flags:
            raise MasterNotFoundError(f"failover in progress for {service_name!r}")
        if "master" not in flags or flags & {"s_down", "o_down"}:
            problems.append("master down")
            continue
        epoch = int(state.get("config-epoch", 0))
        if newest is None or epoch > newest[0]:
            newest = (epoch, (state["ip"], int(state["port"])))
    if newest is None:
        raise MasterNotFoundError(f"no master found for {service_name!r} ({', '.join(problems)})")
    return newest[1]


class _CheckedMasterProxy(SentinelConnectionPoolProxy):
    """What a connection asks when it (re)connects: the pool's checked answer, not one sentinel's possibly stale one."""

    def get_master_address(self):
        return self.connection_pool_ref().checked_master_address()


class MasterRecheckingPool(SentinelConnectionPool):
    def __init__(self, service_name, sentinel_manager, master_recheck_seconds=0.5, **kwargs):
        self.master_recheck_seconds = master_recheck_seconds
        self._checked_at = None
        self._check_lock = threading.Lock()
        super().__init__(service_name, sentinel_manager, **kwargs)
        if self.is_master:
            self.proxy = _CheckedMasterProxy(self, True, self.check_connection, service_name, sentinel_manager)
            self.connection_kwargs["connection_pool"] = self.proxy

    def reset(self):
        super().reset()
        self._checked_at = None

    def _fresh(self):
        checked_at = self._checked_at
        return checked_at is not None and time.monotonic() - checked_at < self.master_recheck_seconds

    def checked_master_address(self):
        """The master's address, asked of Sentinel if the last answer is older than master_recheck_seconds."""
        if self._fresh():
            return self.proxy.master_address
        # One thread asks; meanwhile the others use the answer that is just expiring, unless there is none.
        known = self.proxy.master_address
        if not self._check_lock.acquire(blocking=known is None):
            return known
        try:
            if self._fresh():
                return self.proxy.master_address
            try:
                address = current_master(self.sentinel_manager, self.service_name)
            except MasterNotFoundError:
                # No trusted master: every request asks again (and fails calmly) rather than use the old one.
                self._checked_at = None
                self._move_to(None)
                raise
            self._move_to(address)
            self._checked_at = time.monotonic()
            return address
        finally:
            self._check_lock.release()

    def _move_to(self, address):
        if address != self.proxy.master_address:
            self.proxy.master_address = address
            # Idle connections go now; those in use go when released (owns_connection compares the address).
            self.disconnect(inuse_connections=False)

    def get_connection(self, *args, **kwargs):
        if not self.is_master:
            return super().get_connection()
        address = self.checked_master_address()
        connection = super().get_connection()
        if (connection.host, connection.port) != address:
            # Opened before the master moved (or by a thread that raced the move): reconnect before any command.
            try:
                connection.disconnect()
                connection.connect()
            except BaseException:
                self.release(connection)
                raise
        return connection
