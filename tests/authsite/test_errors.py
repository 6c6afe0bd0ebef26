"""Error replies: calm pages in one vocabulary, and a 503 (not a traceback) while Redis is down."""

import pytest

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_unknown_page_gets_the_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"There is nothing at this address." in response.content


def test_csrf_failure_gets_a_calm_403(user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert b"Traceback" not in response.content


def test_error_pages_exist_for_every_status():
    from django.template.loader import get_template

    for status in (400, 401, 403, 404, 405, 429, 500, 503):
        assert get_template(f"errors/{status}.html")


def test_server_error_page_has_no_traceback(client, monkeypatch):
    from accounts.views import login as views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "authenticate_password", explode)
    client.raise_request_exception = False
    response = client.post("/login/", {"email": "a@example.com", "password": "x"})
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"boom" not in response.content


def test_redis_down_gives_503_and_the_same_process_recovers(client, user, private_redis):
    redis = private_redis
    assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.get("/account/").status_code == 200

    redis.stop()
    for url in ("/account/", "/login/", "/"):
        down = client.get(url)
        assert down.status_code == 503, url
        assert b"temporarily unavailable" in down.content
        assert b"Traceback" not in down.content and b"ConnectionError" not in down.content
    json_down = client.get("/account/", headers={"Accept": "application/json"})
    assert json_down.status_code == 503 and json_down.json() == {"error": "service_unavailable"}

    redis.start()  # same port, empty data: the old session is gone, the app works again without a restart
    assert client.get("/account/").status_code == 302
    assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.get("/account/").status_code == 200


def test_405_page_says_which_method(signed_in_client):
    response = signed_in_client.get("/logout/")
    assert response.status_code == 405
    assert b"does not accept that kind of request" in response.content


def test_a_view_that_finds_redis_down_answers_503(client, private_redis):
    # A real outage: this test's own redis-server is stopped. An anonymous login POST touches Redis first inside the
    # view (the lockout counters), so the 503 comes from the view's own call, not from the session middleware.
    private_redis.stop()
    response = client.post("/login/", {"email": "a@example.com", "password": "x"})
    assert response.status_code == 503
    assert b"temporarily unavailable" in response.content
    assert b"Connection" not in response.content and b"Traceback" not in response.content


def test_a_view_that_finds_the_database_down_answers_503(client, monkeypatch):
    # The shared PostgreSQL cannot be stopped under the other tests, so this one outage is simulated.
    from django.db import OperationalError

    from accounts.views import login as views

    def explode(*args, **kwargs):
        raise OperationalError("gone")

    monkeypatch.setattr(views, "authenticate_password", explode)
    response = client.post("/login/", {"email": "a@example.com", "password": "x"})
    assert response.status_code == 503
    assert b"temporarily unavailable" in response.content and b"gone" not in response.content
