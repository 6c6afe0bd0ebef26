"""GET /api/me with a valid token: one SQL query (the user row) and one Redis round trip (limit + denylist)."""

import pytest
import redis.connection

from tests.api.helpers import bearer, get_tokens

pytestmark = pytest.mark.django_db


class RoundTrips:
    """Counts what this process sends to Redis: one send per command, one for a whole pipeline."""

    def __init__(self, monkeypatch):
        self.count = 0
        self.packets = []
        original = redis.connection.AbstractConnection.send_packed_command

        def counting(connection, command, check_health=True):
            self.count += 1
            self.packets.append(command)
            return original(connection, command, check_health)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)


def test_api_me_costs_one_sql_query_and_one_redis_round_trip(client, user, private_redis, monkeypatch,
                                                             django_assert_num_queries):
    token = get_tokens(client, user)["access_token"]
    client.get("/api/me", headers=bearer(token))  # connections opened, the limit's window started
    trips = RoundTrips(monkeypatch)
    with django_assert_num_queries(1):
        response = client.get("/api/me", headers=bearer(token))
    assert response.status_code == 200
    assert trips.count == 1
    sent = b"".join(part if isinstance(part, bytes) else b"".join(part) for part in trips.packets)
    assert b"INCR" in sent and b"EXISTS" in sent  # the limit and the denylist, together


def test_a_session_cookie_on_an_api_request_costs_no_session_read(signed_in_client, user, private_redis,
                                                                  monkeypatch):
    token = get_tokens(signed_in_client, user)["access_token"]
    trips = RoundTrips(monkeypatch)
    assert signed_in_client.get("/api/me", headers=bearer(token)).status_code == 200
    assert trips.count == 1


def test_the_api_answers_503_when_redis_is_down(client, user, private_redis):
    token = get_tokens(client, user)["access_token"]
    private_redis.stop()
    response = client.get("/api/me", headers=bearer(token))
    assert response.status_code == 503 and response.json() == {"error": "service_unavailable"}
    assert client.post("/api/auth/token", {"email": user.email}, content_type="application/json").status_code == 503


def test_without_redis_the_database_cache_gives_the_same_answers(client, user, settings):
    # DEBUG's fallback (no REDIS_URL): the limit and the denylist on Django's cache, more round trips, same rules.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    tokens = get_tokens(client, user)
    assert client.get("/api/me", headers=bearer(tokens["access_token"])).status_code == 200
    client.post("/api/auth/logout", "{}", content_type="application/json", headers=bearer(tokens["access_token"]))
    assert client.get("/api/me", headers=bearer(tokens["access_token"])).json() == {"error": "invalid_token"}
