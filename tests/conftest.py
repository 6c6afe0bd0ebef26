"""Shared fixtures: real PostgreSQL and Redis (checked up front), users, and a clean Redis per test."""

import socket
import time
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings

from tests.helpers import PASSWORD, make_user


def _reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _require(service, host, port):
    if not _reachable(host, port):
        pytest.exit(f"{service} is not reachable at {host}:{port}. The test suite needs it running "
                    f"(see README, 'Two commands').", returncode=3)


def pytest_configure(config):
    # The suite runs against real services; say at once which one is missing instead of failing 400 tests.
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        _require("PostgreSQL", database.get("HOST") or "127.0.0.1", int(database.get("PORT") or 5432))
    if getattr(settings, "REDIS_URL", ""):
        parts = urlsplit(settings.REDIS_URL)
        _require("Redis", parts.hostname, parts.port or 6379)


@pytest.fixture(autouse=True)
def clean_redis():
    """Each test starts with an empty cache database: no sessions or counters leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def mail_inline(settings):
    """Background jobs (accounts.background) run inline, in the test's transaction, unless a test turns them back on."""
    settings.AUTHSITE_MAIL_IN_BACKGROUND = False


@pytest.fixture
def frozen_clock():
    """Time stands still at the real now until the test moves it: frozen_clock.shift(seconds)."""
    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return make_user("alice@example.com")


@pytest.fixture
def staff_user(db):
    return make_user("staff@example.com", is_staff=True)


@pytest.fixture
def signed_in_client(client, user):
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def live_gunicorn(transactional_db):
    """authsite served by gunicorn with 2 workers (real processes) on the test database. Yields the base URL."""
    from tests.servers import gunicorn

    with gunicorn(workers=2) as base:
        yield base


@pytest.fixture
def operator(db):
    return make_user("ops@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def operator_client(client, operator):
    """A superuser signed in through the real pages: password, then a code from their authenticator."""
    from tests.mfa.helpers import authenticator, enrol, sign_in_with_code

    device, _ = enrol(operator)
    response = sign_in_with_code(client, operator, authenticator(device).now())
    assert response.status_code == 302, response
    return client


@pytest.fixture
def private_redis(settings):
    """A redis-server of this test's own, used as the cache: the test may stop and start it, and its command
    counters see only this test's requests. Yields its controller (.stop(), .start(), .port)."""
    from tests.servers import redis_server

    with redis_server() as server:
        settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": server.url}}
        yield server
