"""Start-up configuration: production refuses to start without its secrets and services; DEBUG falls back loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


def start(**env):
    base = {key: value for key, value in os.environ.items()
            if key not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DEBUG"}}
    base["DJANGO_SETTINGS_MODULE"] = "authsite.settings"
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**base, **env}, capture_output=True,
                          text=True, timeout=60)


PRODUCTION = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@db/authsite", "REDIS_URL": "redis://r:6379/0"}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = start(DEBUG="0", **env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_with_redis_never_falls_back():
    result = start(DEBUG="0", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_redis.cache.RedisCache"
    assert "WARNING" not in result.stderr


def test_debug_without_redis_uses_the_database_cache_and_says_so_once():
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    assert result.stderr.count("Production needs Redis") == 1


def test_debug_with_redis_uses_redis():
    result = start(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.strip() == "django_redis.cache.RedisCache"
    assert "WARNING" not in result.stderr
