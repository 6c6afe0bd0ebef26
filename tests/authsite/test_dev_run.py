"""The README's first command, as a newcomer runs it: `PORT=... scripts/run`, sign up, copy the verification link
from the console, open it, sign in. The banner and the link use that port; the Redis warning prints once."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from tests.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a newcomer's long passphrase 31"


def csrf_post(session, url, data):
    token = session.get(url, timeout=10).cookies.get("csrftoken") or session.cookies.get("csrftoken")
    return session.post(url, {**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30)


def test_scripts_run_on_another_port_signs_up_and_verifies_from_the_console(tmp_path):
    port = free_port()
    base = f"http://localhost:{port}"
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL", "ALLOWED_HOSTS"}
           and not key.startswith(("AUTHSITE_", "_AUTHSITE_"))}
    env.update(PORT=str(port), VENV=sys.prefix, PYTHONUNBUFFERED="1",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")  # a fresh clone's database, outside the repo
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with open(stdout, "w") as out, open(stderr, "w") as err:
        server = subprocess.Popen([str(ROOT / "scripts" / "run")], cwd=ROOT, env=env, stdout=out, stderr=err,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for(lambda: requests.get(f"{base}/healthz", timeout=1).ok, timeout=120, what="scripts/run")
            assert f"authsite: serving on {base} " in stdout.read_text()

            browser = requests.Session()
            signed_up = csrf_post(browser, f"{base}/signup/", {
                "email": "newcomer@example.com", "display_name": "New Comer",
                "new_password1": PASSWORD, "new_password2": PASSWORD})
            assert signed_up.status_code == 302, signed_up.text[:500]

            link_pattern = re.compile(re.escape(base) + r"/signup/verify/\S+")
            wait_for(lambda: link_pattern.search(stdout.read_text()), timeout=30, what="the verification mail")
            link = link_pattern.search(stdout.read_text()).group(0)  # copied from the console, one line
            opened = browser.get(link, allow_redirects=False, timeout=10)
            assert opened.status_code == 302 and opened.headers["Location"] == "/login/"

            signed_in = csrf_post(requests.Session(), f"{base}/login/",
                                  {"email": "newcomer@example.com", "password": PASSWORD})
            assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/"
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    assert stderr.read_text().count("REDIS_URL is not set") == 1, stderr.read_text()


def test_scripts_manage_runs_support_commands_on_the_development_setup(tmp_path):
    # No DEBUG, SECRET_KEY or DATABASE_URL to know about: the wrapper uses what scripts/run uses.
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SITE_URL", "ALLOWED_HOSTS"}
           and not key.startswith(("AUTHSITE_", "_AUTHSITE_"))}
    env.update(VENV=sys.prefix, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def manage(*args):
        return subprocess.run([str(ROOT / "scripts" / "manage"), *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=180, stdin=subprocess.DEVNULL)

    assert manage("migrate", "--no-input", "-v", "0").returncode == 0  # what scripts/run has done before
    assert manage("createcachetable").returncode == 0
    made = manage("create_demo_user")
    assert made.returncode == 0 and "Demo user created" in made.stdout
    unlocked = manage("unlock", "demo@example.com")
    assert unlocked.returncode == 0 and "demo@example.com was not locked" in unlocked.stdout
    assert "WARNING" not in unlocked.stderr  # scripts/run already said the dev setup has no Redis
    unknown = manage("unlock", "ghost@example.com")
    assert unknown.returncode == 1
    assert unknown.stderr.splitlines() == ["CommandError: No account has the email address 'ghost@example.com'."]
