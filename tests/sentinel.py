"""A Redis Sentinel group on loopback for tests and benchmarks: a master, a replica and three sentinels.

Only the processes started here are ever stopped. Debian's redis-server package provides `redis-server --sentinel`.
"""

import shutil
import signal
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.servers import free_port, wait_for

SERVICE = "authsite"


@contextmanager
def sentinel_group(down_after_ms=1000, failover_timeout_ms=3000):
    group = SentinelGroup(down_after_ms, failover_timeout_ms)
    try:
        group.start()
        yield group
    finally:
        group.stop()


class SentinelGroup:
    def __init__(self, down_after_ms, failover_timeout_ms):
        self.down_after_ms, self.failover_timeout_ms = down_after_ms, failover_timeout_ms
        self.dir = Path(tempfile.mkdtemp(prefix="authsite-sentinel-"))
        self.redis_ports = [free_port(), free_port()]  # the first starts as master, the second as its replica
        self.sentinel_ports = [free_port() for _ in range(3)]
        self.processes = {}

    # --- what tests and the app need ---------------------------------------------------------------
    def app_env(self, db=0):
        """Environment variables that point authsite at this group."""
        return {
            "REDIS_URL": f"redis://{SERVICE}/{db}",
            "REDIS_SENTINELS": ",".join(f"127.0.0.1:{port}" for port in self.sentinel_ports),
            "REDIS_SENTINEL_SERVICE": SERVICE,
        }

    def master_port(self):
        """The master's port according to the sentinel with the newest configuration."""
        views = []
        for port in self.sentinel_ports:
            try:
                state = self.sentinel(port).sentinel_master(SERVICE)
            except redis.ConnectionError:
                continue
            views.append((int(state["config-epoch"]), int(state["port"])))
        return max(views)[1]

    def client(self, port, db=0):
        return redis.Redis(port=port, db=db, socket_timeout=2, decode_responses=True)

    def sentinel(self, port):
        return redis.Redis(port=port, socket_timeout=2, decode_responses=True)

    def kill(self, port):
        """SIGKILL the redis-server on `port` (one of ours): a crash, not a shutdown."""
        process = self.processes[port]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def failover(self):
        """A planned failover, as an operator would start it."""
        self.sentinel(self.sentinel_ports[0]).execute_command("SENTINEL FAILOVER", SERVICE)

    def wait_for_new_master(self, old_port, timeout=15):
        wait_for(lambda: self.master_port() != old_port, timeout=timeout, what="a new master")
        return self.master_port()

    def wait_until_replica(self, port, timeout=30):
        """Until `port` serves as a replica with its link to the master up (after a failover it first still thinks it
        is the master, then Sentinel reconfigures it and it resynchronises)."""
        def replicating():
            info = self.client(port).info("replication")
            return info["role"] == "slave" and info.get("master_link_status") == "up"

        wait_for(replicating, timeout=timeout, what=f"redis {port} replicating")

    def wait_for_replication(self, timeout=10):
        """Until every replica has everything the master has written (asynchronous replication, usually at once)."""
        master = self.client(self.master_port())

        def caught_up():
            info = master.info("replication")
            offset = info["master_repl_offset"]
            replicas = [value for key, value in info.items() if key.startswith("slave") and isinstance(value, dict)]
            return replicas and all(int(replica["offset"]) >= offset for replica in replicas)

        wait_for(caught_up, timeout=timeout, what="replication to catch up")

    # --- life cycle --------------------------------------------------------------------------------
    def start(self):
        master, replica = self.redis_ports
        self._start_redis(master)
        self._start_redis(replica, replicaof=master)
        self.wait_until_replica(replica, timeout=10)
        for number, port in enumerate(self.sentinel_ports):
            config = self.dir / f"sentinel-{number}.conf"
            config.write_text(
                f"port {port}\nbind 127.0.0.1\ndir {self.dir}\n"
                f"sentinel monitor {SERVICE} 127.0.0.1 {master} 2\n"
                f"sentinel down-after-milliseconds {SERVICE} {self.down_after_ms}\n"
                f"sentinel failover-timeout {SERVICE} {self.failover_timeout_ms}\n"
                f"sentinel parallel-syncs {SERVICE} 1\n"
            )
            self._spawn(port, ["redis-server", str(config), "--sentinel"])
        wait_for(self._sentinels_ready, timeout=20, what="three sentinels seeing the replica and each other")

    def _sentinels_ready(self):
        for port in self.sentinel_ports:
            state = self.sentinel(port).sentinel_master(SERVICE)
            if int(state["num-slaves"]) < 1 or int(state["num-other-sentinels"]) < 2:
                return False
        return True

    def _start_redis(self, port, replicaof=None):
        command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                   "--repl-diskless-sync-delay", "0", "--dir", str(self.dir), "--dbfilename", f"{port}.rdb"]
        if replicaof:
            command += ["--replicaof", "127.0.0.1", str(replicaof)]
        self._spawn(port, command)
        wait_for(lambda: self.client(port).ping(), timeout=10, what=f"redis-server {port}")

    def _spawn(self, port, command):
        self.processes[port] = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
