"""Real task workers (`manage.py db_worker` in a subprocess) on the test database, for tests of the mail queue.

The test must use the transactional_db fixture: the worker is another process and sees only committed rows.
"""

import os
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from tests.servers import ROOT, child_database_url

# Fast clocks so a test sees retries and reclaiming in seconds (production: taskqueue/conf.py).
FAST = {
    "AUTHSITE_TASK_RETRY_FIRST_DELAY_SECONDS": "1",
    "AUTHSITE_TASK_RETRY_MAX_DELAY_SECONDS": "2",
    "AUTHSITE_TASK_HEARTBEAT_SECONDS": "0.5",
    "AUTHSITE_TASK_WORKER_LOST_SECONDS": "3",
    "AUTHSITE_TASK_RECLAIM_CHECK_SECONDS": "0.5",
}


class Worker:
    """One `manage.py db_worker` process; start() again after stop() or kill() for a fresh one."""

    def __init__(self, smtp_port=None, extra_env=None, fast=True, interval="0.2"):
        self.interval = interval
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("AUTHSITE_TASK_")},
            "DATABASE_URL": child_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "PYTHONUNBUFFERED": "1",
            **(FAST if fast else {}),
            **({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port)} if smtp_port else {}),
            **(extra_env or {}),
        }
        self.process = None
        self.logs = []

    def start(self):
        # Each start logs to its own file (kept under the system temp directory), read back by log().
        with tempfile.NamedTemporaryFile("w", prefix="db_worker-", suffix=".log", delete=False) as log:
            self.logs.append(Path(log.name))
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", self.interval, "--no-startup-delay", "--no-reload"],
                cwd=ROOT, env=self.env, stdout=log, stderr=log,
            )
        return self

    def stop(self):
        """A graceful stop (SIGTERM): the worker finishes its task, then exits."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def kill(self):
        """kill -9: no clean-up of any kind, as after an out-of-memory kill."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=5)
        self.process = None

    def close(self):
        """Stop (if still running) and delete the log files."""
        self.stop()
        for path in self.logs:
            path.unlink(missing_ok=True)

    def log(self):
        return "".join(path.read_text() for path in self.logs if path.exists())


@contextmanager
def db_worker(smtp_port=None, extra_env=None, **options):
    """A running worker delivering to the loopback SMTP server on `smtp_port`. Yields the Worker."""
    worker = Worker(smtp_port, extra_env, **options).start()
    try:
        yield worker
    finally:
        worker.close()
