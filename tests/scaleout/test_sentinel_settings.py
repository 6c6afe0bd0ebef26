"""Sentinel from the environment: every operation through django-redis's DefaultClient and its Sentinel connection
factory with the master-rechecking pool (never SentinelClient, which reads from replicas); start-up stops with one
clear line when the variables disagree."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import django, json; django.setup(); from django.conf import settings; "
         "print(json.dumps(settings.CACHES['default'], default=str))")
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@db/authsite"}
SENTINEL = {"REDIS_URL": "redis://:s3cret@mymaster/2", "REDIS_SENTINELS": "10.0.0.1:26379,10.0.0.2:26379,[::1]:26380",
            "REDIS_SENTINEL_SERVICE": "mymaster"}


def start(**env):
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("REDIS_", "SECRET_KEY", "DATABASE_URL", "DEBUG"))}
    base["DJANGO_SETTINGS_MODULE"] = "authsite.settings"
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=60)


def test_sentinel_settings_send_everything_to_the_master_through_the_rechecking_pool():
    result = start(**PRODUCTION, **SENTINEL, REDIS_SENTINEL_PASSWORD="sentinel-pass")
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    options = cache["OPTIONS"]
    assert cache["LOCATION"] == "redis://:s3cret@mymaster/2"
    assert options["CLIENT_CLASS"] == "django_redis.client.DefaultClient"
    assert options["CONNECTION_FACTORY"] == "django_redis.pool.SentinelConnectionFactory"
    assert options["CONNECTION_POOL_CLASS"] == "authsite.sentinel.MasterRecheckingPool"
    assert options["CONNECTION_POOL_KWARGS"] == {"master_recheck_seconds": 0.5}
    assert options["SENTINELS"] == [["10.0.0.1", 26379], ["10.0.0.2", 26379], ["::1", 26380]]
    assert options["SENTINEL_KWARGS"]["password"] == "sentinel-pass"


def test_the_recheck_interval_is_a_setting():
    result = start(**PRODUCTION, **SENTINEL, REDIS_SENTINEL_RECHECK_SECONDS="0.25")
    assert json.loads(result.stdout)["OPTIONS"]["CONNECTION_POOL_KWARGS"] == {"master_recheck_seconds": 0.25}


def test_without_sentinels_redis_url_is_used_directly():
    result = start(**PRODUCTION, REDIS_URL="redis://r:6379/0")
    options = json.loads(result.stdout)["OPTIONS"]
    assert "CONNECTION_FACTORY" not in options and options["CLIENT_CLASS"] == "django_redis.client.DefaultClient"


@pytest.mark.parametrize(("change", "message"), [
    ({"REDIS_SENTINEL_SERVICE": ""}, "REDIS_SENTINELS and REDIS_SENTINEL_SERVICE go together"),
    ({"REDIS_SENTINELS": ""}, "REDIS_SENTINELS and REDIS_SENTINEL_SERVICE go together"),
    ({"REDIS_URL": "redis://:s3cret@othermaster/2"}, "REDIS_URL names 'othermaster' but REDIS_SENTINEL_SERVICE is"),
    ({"REDIS_URL": "redis://:s3cret@mymaster:6379/2"}, "REDIS_URL names 'mymaster:6379' but"),
    ({"REDIS_URL": "rediss://:s3cret@mymaster/2"}, "REDIS_URL must be redis://:PASSWORD@mymaster/0"),
    ({"REDIS_SENTINELS": "10.0.0.1:26379,10.0.0.2"}, "'10.0.0.2' is not one"),
    ({"REDIS_SENTINEL_RECHECK_SECONDS": "soon"}, "REDIS_SENTINEL_RECHECK_SECONDS must be a number"),
    ({"REDIS_SENTINEL_RECHECK_SECONDS": "0"}, "REDIS_SENTINEL_RECHECK_SECONDS must be between"),
    ({"REDIS_URL": "", "DEBUG": "1"}, "REDIS_SENTINELS is set but REDIS_URL is not"),
])
def test_start_up_stops_with_one_line_when_the_variables_disagree(change, message):
    result = start(**{**PRODUCTION, **SENTINEL, **change})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ") and message in last_line, last_line
    assert "s3cret" not in result.stderr  # the Redis password never reaches the message
