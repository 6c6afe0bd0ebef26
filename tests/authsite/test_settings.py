"""Start-up configuration: production refuses to start without its secrets and services, in one line and with a
non-zero exit from every entry point (manage.py, the dev server, gunicorn); DEBUG falls back loudly, once."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
CONFIG = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG", "SITE_URL"}
PRODUCTION = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@db/authsite", "REDIS_URL": "redis://r:6379/0"}


def environment(**env):
    base = {key: value for key, value in os.environ.items() if key not in CONFIG and not key.startswith("AUTHSITE_")
            and not key.startswith("_AUTHSITE_")}
    return {**base, "DJANGO_SETTINGS_MODULE": "authsite.settings", **env}


def run(*command, timeout=60, **env):
    return subprocess.run(command, cwd=ROOT, env=environment(**env), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def start(**env):
    return run(sys.executable, "-c", PROBE, **env)


def without(missing):
    return {key: value for key, value in PRODUCTION.items() if key != missing}


def assert_one_line_refusal(result, *names):
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("authsite: ") and all(name in lines[0] for name in names), lines[0]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL"])
def test_manage_py_refuses_in_one_line_without(missing):
    result = run(sys.executable, "manage.py", "check", DEBUG="0", **without(missing))
    assert_one_line_refusal(result, f"{missing} is not set")


@pytest.mark.parametrize(("name", "value", "secret"), [
    ("DATABASE_URL", "mysqlx://admin:hunter2-db@db/authsite", "hunter2-db"),
    ("DATABASE_URL", "postgres://admin:hunter2-db@db", "hunter2-db"),
    ("REDIS_URL", "admin:hunter2-redis@redis:6379", "hunter2-redis"),
])
def test_a_malformed_url_is_refused_naming_it_without_echoing_its_password(name, value, secret):
    result = run(sys.executable, "manage.py", "check", DEBUG="0", **{**PRODUCTION, name: value})
    assert_one_line_refusal(result, name)
    assert secret not in result.stderr


@pytest.mark.parametrize(("knob", "value"), [
    ("AUTHSITE_LOGIN_ACCOUNT_MAX_FAILURES", "five"),
    ("AUTHSITE_LOGIN_ACCOUNT_MAX_FAILURES", "2.5"),
    ("AUTHSITE_ENFORCE_FOR_STAFF", "7"),
    ("AUTHSITE_RATE_LIMITS", "[1, 2]"),
    ("AUTHSITE_LOGIN_ACCOUNT_MAX_FAILUERS", "5"),  # misspelt
    ("AUTHSITE_LOGIN_STAGES", '["mfa.stages.no_such_stage"]'),  # a plug-in path that does not import
])
def test_an_invalid_policy_knob_is_refused_in_one_line(knob, value):
    result = run(sys.executable, "manage.py", "check", DEBUG="0", **PRODUCTION, **{knob: value})
    assert_one_line_refusal(result, knob)


def test_a_valid_policy_knob_from_the_environment_starts():
    result = run(sys.executable, "manage.py", "check", DEBUG="0", **PRODUCTION, AUTHSITE_LOGIN_ACCOUNT_MAX_FAILURES="7",
                 AUTHSITE_ENFORCE_FOR_STAFF="false")
    assert result.returncode == 0, result.stderr


def test_the_dev_server_refuses_in_one_line():
    result = run(sys.executable, "manage.py", "runserver", str(free_port()), DEBUG="0", **without("SECRET_KEY"))
    assert_one_line_refusal(result, "SECRET_KEY is not set")


@pytest.mark.parametrize("problem", [without("SECRET_KEY"), {**PRODUCTION, "AUTHSITE_REAUTH_SECOND": "60"}])
def test_gunicorn_refuses_in_one_line_and_stops(problem):
    # gunicorn's own start and stop lines go to its log (here: nowhere); what authsite says is one line, and the
    # master stops instead of starting new workers that would fail the same way.
    result = run(sys.executable, "-m", "gunicorn", "authsite.wsgi:application", "--bind", f"127.0.0.1:{free_port()}",
                 "--workers", "2", "--error-logfile", os.devnull, timeout=60, DEBUG="0", **problem)
    assert_one_line_refusal(result, "SECRET_KEY is not set" if "SECRET_KEY" not in problem else "AUTHSITE_REAUTH_SECOND")
    assert "Traceback" not in result.stdout


def test_production_with_redis_never_falls_back():
    result = start(DEBUG="0", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_redis.cache.RedisCache"
    assert "WARNING" not in result.stderr


def test_debug_without_redis_uses_the_database_cache():
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_the_redis_warning_prints_once_for_the_dev_server_and_its_reloader_child(tmp_path):
    # runserver starts a second process (the autoreloader's child) that imports the settings again.
    port = free_port()
    log = tmp_path / "stderr.log"
    with open(log, "w") as stderr:
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"localhost:{port}"], cwd=ROOT,
                                  env=environment(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
                                  stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        try:
            wait_for(lambda: requests.get(f"http://localhost:{port}/healthz", timeout=1).ok, timeout=60,
                     what="runserver")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
    assert log.read_text().count("REDIS_URL is not set") == 1, log.read_text()


def test_debug_with_redis_uses_redis():
    result = start(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.strip() == "django_redis.cache.RedisCache"
    assert "WARNING" not in result.stderr
