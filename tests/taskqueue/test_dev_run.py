"""scripts/run, as on a fresh clone: the development server and a mail worker; a sign-up's verification mail is printed
on the console by the worker; stopping the script stops both."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import requests

from tests.servers import ROOT, free_port, wait_for

PASSWORD = "lantern orchid basalt 31"


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not alive.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_scripts_run_starts_a_worker_that_prints_the_verification_mail_and_stops_with_the_server(tmp_path):
    # A stand-in venv: the test's own interpreter, already installed (scripts/python.sh skips pip when its stamp is
    # newer than pyproject.toml), so the test neither downloads nor touches a shared environment.
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (venv / "bin" / "python").chmod(0o755)
    (venv / ".installed").touch()
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_URL", "REDIS_URL", "DEBUG", "SITE_URL", "AUTHSITE_"))}
    env.update(VENV=str(venv), PORT=str(port), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               PYTHONUNBUFFERED="1")
    log_path = tmp_path / "run.log"
    with open(log_path, "w") as log:
        script = subprocess.Popen([str(ROOT / "scripts" / "run")], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://localhost:{port}"
    try:
        wait_for(lambda: requests.get(f"{base}/healthz", timeout=1).status_code == 200, timeout=90,
                 what="scripts/run")
        worker_pid = int(re.search(r"mail worker running \(pid (\d+)\)", log_path.read_text()).group(1))
        session = requests.Session()
        page = session.get(f"{base}/signup/", timeout=10).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        reply = session.post(f"{base}/signup/", allow_redirects=False, timeout=30, headers={"Referer": base},
                             data={"csrfmiddlewaretoken": token, "email": "first.user@example.com",
                                   "display_name": "First", "new_password1": PASSWORD, "new_password2": PASSWORD})
        assert reply.status_code == 302, reply.text[:500]
        wait_for(lambda: "Subject: Confirm your email address" in log_path.read_text(), timeout=60,
                 what="the verification mail on the console")
        output = log_path.read_text()
        assert "To: first.user@example.com" in output and "/signup/verify/" in output
        with sqlite3.connect(tmp_path / "db.sqlite3") as database:  # sent by the worker, not by the request
            [(status, worker_ids)] = database.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'accounts.flows.signup.mail_verification_link'").fetchall()
        assert status == "SUCCESSFUL" and len(json.loads(worker_ids)) == 1

        script.send_signal(signal.SIGTERM)
        script.wait(timeout=30)
        wait_for(lambda: not alive(worker_pid), timeout=15, what="the worker to stop")
        wait_for(lambda: not _listening(port), timeout=15, what="the server to stop")
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
            script.wait(timeout=10)


def _listening(port):
    try:
        requests.get(f"http://localhost:{port}/healthz", timeout=1)
        return True
    except requests.ConnectionError:
        return False
    finally:
        time.sleep(0.1)
