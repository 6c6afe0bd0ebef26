"""Signing in through the API in tests."""

import base64
import json

from tests.helpers import PASSWORD

TOKEN_URL = "/api/auth/token"
REFRESH_URL = "/api/auth/refresh"


def post_json(client, url, data=None, **extra):
    return client.post(url, json.dumps(data if data is not None else {}), content_type="application/json", **extra)


def get_tokens(client, user, password=PASSWORD, **fields):
    """The token reply for a successful sign-in (asserts 200)."""
    response = post_json(client, TOKEN_URL, {"email": user.email, "password": password, **fields})
    assert response.status_code == 200, response.content
    return response.json()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def me(client, token):
    return client.get("/api/me", headers=bearer(token))


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token):
    """(header, claims) of a JWT, without verifying it."""
    header, payload, _ = token.split(".")
    return (json.loads(base64.urlsafe_b64decode(header + "==")), json.loads(base64.urlsafe_b64decode(payload + "==")))
