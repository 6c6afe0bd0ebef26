"""Ten parallel refreshes of one refresh token, across two gunicorn worker processes: exactly one wins."""


import pytest
import requests

from api.models import RefreshFamily
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, in_parallel, make_user
from tests.servers import gunicorn

PARALLEL = 10


@pytest.fixture
def api_server(transactional_db, keys_file):
    with gunicorn(workers=2, extra_env={"API_SIGNING_KEYS_FILE": str(keys_file)}) as base:
        yield base


def test_ten_parallel_refreshes_of_one_token_have_exactly_one_winner(api_server):
    user = make_user("parallel@example.com")
    reply = requests.post(f"{api_server}/api/auth/token", json={"email": user.email, "password": PASSWORD},
                          timeout=30)
    assert reply.status_code == 200, reply.text
    refresh_token = reply.json()["refresh_token"]

    def spend():
        return requests.post(f"{api_server}/api/auth/refresh", json={"refresh_token": refresh_token}, timeout=30)

    results = in_parallel([spend] * PARALLEL)
    statuses = sorted(response.status_code for response in results)
    assert statuses == [200] + [401] * (PARALLEL - 1), statuses
    # The nine losers presented a token that had just been rotated: indistinguishable from a replay, so the family
    # is revoked (once: one audit event), and the winner's new refresh token dies with it.
    assert RefreshFamily.objects.get().revoked_reason == "reuse"
    assert AuthEvent.objects.filter(user=user, event=events.API_REFRESH_REUSED).count() == 1
    winner = next(response for response in results if response.status_code == 200).json()
    again = requests.post(f"{api_server}/api/auth/refresh", json={"refresh_token": winner["refresh_token"]},
                          timeout=30)
    assert again.status_code == 401


def test_running_servers_pick_up_a_key_rotation_without_a_restart(api_server, keys_file):
    from django.core.management import call_command

    from tests.api.helpers import parts

    user = make_user("rotation@example.com")

    def sign_in():
        reply = requests.post(f"{api_server}/api/auth/token", json={"email": user.email, "password": PASSWORD},
                              timeout=30)
        assert reply.status_code == 200, reply.text
        return reply.json()["access_token"]

    def me(token):
        return requests.get(f"{api_server}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)

    before = sign_in()
    call_command("rotate_signing_key", "--stage")
    staged = {key["kid"] for key in requests.get(f"{api_server}/.well-known/jwks.json", timeout=30).json()["keys"]}
    assert len(staged) == 2  # published by the running workers at once
    call_command("rotate_signing_key", "--promote")
    after = sign_in()
    assert parts(after)[0]["kid"] != parts(before)[0]["kid"]
    assert me(before).status_code == 200 and me(after).status_code == 200
