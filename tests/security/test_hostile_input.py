"""Hostile input a client can send gets a clear 4xx, never a 500."""

import base64

import pytest

pytestmark = pytest.mark.django_db

HUGE_ID = base64.urlsafe_b64encode(b"9" * 40).decode().rstrip("=")


@pytest.mark.parametrize("path", [
    f"/password/reset/{HUGE_ID}/{'a' * 43}/",
    f"/signup/verify/{HUGE_ID}/{'a' * 43}/",
    "/password/reset/%00%00/x/",
    "/signup/verify/!!!/x/",
    f"/password/reset/MQ/{'b' * 5000}/",
])
def test_mangled_links_are_refused_with_400(client, path):
    response = client.get(path)
    assert response.status_code == 400


@pytest.mark.parametrize("path, data", [
    ("/login/", {"email": "\x00\x00", "password": "\x00"}),
    ("/login/", {"email": ["a@example.com", "b@example.com"], "password": "x"}),
    ("/signup/", {"email": "not-an-email", "display_name": "x" * 10000, "new_password1": "a", "new_password2": "b"}),
])
def test_malformed_forms_are_refused_with_4xx(client, path, data):
    response = client.post(path, data)
    assert 400 <= response.status_code < 500, response.status_code


@pytest.mark.parametrize("path", ["/login/", "/signup/", "/password/reset/"])
def test_bytes_that_are_not_utf8_never_cause_a_500(client, path):
    body = b"email=%ED%A0%80%FF%40example.com&password=%FF%FE&new_password1=%C0%80"
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400), response.status_code  # a form answer either way, never a 500


def test_a_huge_code_without_a_pending_login_is_sent_back_to_login(client):
    response = client.post("/login/code/", {"code": "x" * 100000})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
