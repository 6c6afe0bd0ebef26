"""The OpenAPI document lists every API URL, and the live server keeps every promise it makes (schemathesis)."""

import json
import subprocess
import sys

import pytest
import requests

from api.schema import document
from tests.helpers import PASSWORD, make_user
from tests.servers import gunicorn
from tests.urlwalk import sample_paths

pytestmark = pytest.mark.django_db

API_PREFIXES = ("/api/", "/.well-known/")


def test_every_api_url_is_in_the_schema_and_nothing_else(client):
    served = {path for path in sample_paths() if path.startswith(API_PREFIXES)}
    listed = set(document()["paths"])
    assert served, "no API routes found"
    assert served == listed, {"missing from the schema": served - listed, "not served": listed - served}


def test_the_schema_is_served_as_openapi_3_1(client):
    response = client.get("/api/schema")
    assert response.status_code == 200
    assert response.json()["openapi"] == "3.1.0"
    assert response.json() == json.loads(json.dumps(document()))


def test_each_operation_answers_only_its_documented_method(client):
    for path, operations in document()["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in operations:
                continue
            response = getattr(client, method)(path)
            assert response.status_code in (401, 405), (method, path, response.status_code)
            if response.status_code == 405:
                assert response["Allow"] == ", ".join(name.upper() for name in operations), path


RELAXED = {  # let the fuzzer reach the views instead of the (separately tested) limits
    "AUTHSITE_RATE_LIMITS": json.dumps({"signup_email": "5/h", "signup_ip": "20/h", "reset_email": "5/h",
                                        "reset_ip": "20/h", "step_up": "5/15m", "api": "100000/15m"}),
    "AUTHSITE_LOGIN_IP_MAX_FAILURES": "100000",
}


def test_schemathesis_finds_no_failure_against_the_live_server(transactional_db, keys_file, tmp_path):
    with gunicorn(workers=2, extra_env={"API_SIGNING_KEYS_FILE": str(keys_file), **RELAXED}) as base:
        # Two bounded runs: everything but logout with one token (so /api/me is exercised signed in), then the
        # logouts, which end the token they are sent with. Each run has its own user: schemathesis reuses values it
        # read in replies (the email /api/me shows) and may lock that account out with wrong passwords, as it should.
        runs = ((["--exclude-path-regex", "logout"], 40), (["--include-path-regex", "logout"], 20))
        for number, (selection, seconds) in enumerate(runs):
            user = make_user(f"fuzz{number}@example.com")
            reply = requests.post(f"{base}/api/auth/token", json={"email": user.email, "password": PASSWORD},
                                  timeout=30)
            assert reply.status_code == 200, reply.text
            tokens = reply.json()
            command = [sys.executable, "-m", "schemathesis.cli", "--no-color", "run", f"{base}/api/schema",
                       "--checks", "all", "--max-examples", "10", "--max-time", str(seconds), "--workers", "2",
                       "--request-timeout", "10", "--seed", "15", "--suppress-health-check", "all", *selection,
                       "-H", f"Authorization: Bearer {tokens['access_token']}"]
            result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120, cwd=tmp_path)
            report = result.stdout[-6000:] + result.stderr[-2000:]
            assert result.returncode == 0, report
            assert "Failures:" not in result.stdout, report
