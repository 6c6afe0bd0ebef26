"""An authenticated read-only page view: one Redis round trip, one SQL query, no write unless needed."""


import pytest
import redis
from django.contrib.auth.models import AnonymousUser

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def commands(server):
    # One long-lived connection, so the measurement adds only its own INFO call, never a connection handshake.
    if not hasattr(server, "probe"):
        server.probe = redis.Redis(port=server.port)
        server.probe.ping()
    return server.probe.info("commandstats")


def calls(stats, command):
    return stats.get(f"cmdstat_{command}", {}).get("calls", 0)


def test_read_only_page_view_costs_one_redis_command_and_one_sql_query(client, user, private_redis,
                                                                        django_assert_num_queries, frozen_clock):
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    client.get("/")
    before = commands(private_redis)
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200
    after = commands(private_redis)
    total = sum(stats["calls"] for stats in after.values()) - sum(stats["calls"] for stats in before.values())
    assert total - 1 == 1  # the one GET of the session (minus the INFO call that measured it)
    assert calls(after, "get") - calls(before, "get") == 1
    assert calls(after, "set") == calls(before, "set")


def test_the_idle_clock_write_happens_at_most_once_a_minute(client, user, private_redis, frozen_clock):
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    before = commands(private_redis)
    for _ in range(5):
        frozen_clock.shift(10)
        client.get("/")
    assert calls(commands(private_redis), "set") == calls(before, "set")
    frozen_clock.shift(20)  # 70 s since login: the idle clock is due
    client.get("/")
    assert calls(commands(private_redis), "set") == calls(before, "set") + 1


def test_after_the_boundary_the_view_and_template_see_the_user_itself_not_a_lazy_wrapper(signed_in_client, user):
    response = signed_in_client.get("/")
    assert response.status_code == 200
    assert type(response.wsgi_request.user) is type(user) and response.wsgi_request.user.pk == user.pk
    assert type(response.context["user"]) is type(user)  # every {{ user.… }} is a plain attribute read
    assert user.email in response.content.decode()


def test_an_anonymous_visitor_and_an_api_caller_keep_the_user_they_were_given(client, user):
    response = client.get("/login/")
    assert type(response.wsgi_request.user) is AnonymousUser
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    response = client.get("/api/me")  # the API never takes the session's user, even with the cookie riding along
    assert response.status_code == 401 and type(response.wsgi_request.user) is AnonymousUser
