"""The key-set file: JWKS, rotation (stage, promote, prune) without breaking a live token, re-read on change."""

import json
import os
import stat
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from api import keys
from audit import events
from audit.models import AuthEvent
from tests.api.helpers import get_tokens, me, parts

pytestmark = pytest.mark.django_db


def rotate(*flags):
    call_command("rotate_signing_key", *flags)


def jwks_kids(client):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return [key["kid"] for key in response.json()["keys"]]


def states(path):
    return {entry["kid"]: entry["state"] for entry in json.loads(path.read_text())["keys"]}


def test_the_jwks_is_public_cacheable_and_holds_no_private_parts(client, keys_file):
    response = client.get("/.well-known/jwks.json")
    assert response["Cache-Control"] == "max-age=300"
    [key] = response.json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert key["kid"] == keys.load().current.kid
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
    assert len(jwt_modulus_bytes(key)) == 256  # 2048-bit RSA


def jwt_modulus_bytes(jwk):
    import base64

    return base64.urlsafe_b64decode(jwk["n"] + "==")


def test_init_makes_a_signing_key_once(tmp_path, settings, client, user):
    path = tmp_path / "new" / "keys.json"
    settings.API_SIGNING_KEYS_FILE = str(path)
    rotate("--init")
    rotate("--init")
    assert list(states(path).values()) == ["current"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # private keys: the app's user only
    assert me(client, get_tokens(client, user)["access_token"]).status_code == 200


def test_stage_promote_prune_keeps_every_token_valid_until_it_expires(client, user, keys_file):
    with time_machine.travel(1_900_000_000, tick=False) as clock:
        old_kid = keys.load().current.kid
        first = get_tokens(client, user)["access_token"]

        rotate("--stage")
        new_kid = next(kid for kid, state in states(keys_file).items() if state == "staged")
        assert set(jwks_kids(client)) == {old_kid, new_kid}  # published before it signs
        assert parts(get_tokens(client, user)["access_token"])[0]["kid"] == old_kid  # ... and not signing yet

        clock.shift(timedelta(minutes=5))
        rotate("--promote")
        assert states(keys_file) == {old_kid: "retired", new_kid: "current"}
        second = get_tokens(client, user)["access_token"]
        assert parts(second)[0]["kid"] == new_kid
        assert me(client, first).status_code == 200 and me(client, second).status_code == 200

        rotate("--prune")  # too early: the retired key's tokens are still alive
        assert old_kid in states(keys_file) and old_kid in jwks_kids(client)
        assert me(client, first).status_code == 200

        clock.shift(timedelta(minutes=10))  # 15 minutes after it was issued
        assert me(client, first).json() == {"error": "token_expired"}  # expired on its own terms
        clock.shift(timedelta(minutes=5, seconds=5))  # the retired key has outlived every token it signed
        assert jwks_kids(client) == [new_kid]  # retired past every token's life: no longer published
        rotate("--prune")
        assert states(keys_file) == {new_kid: "current"}
        assert me(client, get_tokens(client, user)["access_token"]).status_code == 200
    assert AuthEvent.objects.filter(event=events.API_SIGNING_KEY_ROTATED).count() == 4  # stage, promote, 2 prunes


def test_promote_without_a_staged_key_is_a_clear_error(keys_file):
    with pytest.raises(CommandError, match="no staged key"):
        rotate("--promote")


def test_a_token_signed_by_a_pruned_key_is_refused(client, user, keys_file):
    token = get_tokens(client, user)["access_token"]
    rotate("--stage")
    rotate("--promote")
    entries = json.loads(keys_file.read_text())
    keys_file.write_text(json.dumps({"keys": [entry for entry in entries["keys"] if entry["state"] != "retired"]}))
    assert me(client, token).json() == {"error": "invalid_token"}


def test_servers_pick_up_a_changed_key_file_without_a_restart(client, user, keys_file):
    before = keys.load()
    rotate("--stage")
    rotate("--promote")  # what another machine's operator (or a deploy) would do to the shared file
    after = keys.load()
    assert after is not before and after.current.kid != before.current.kid
    assert keys.load() is after  # unchanged file: parsed once, then only a stat() per request


def test_eddsa_keys_can_be_staged_and_promoted(client, user, keys_file):
    rotate("--stage", "--algorithm", "EdDSA")
    rotate("--promote")
    token = get_tokens(client, user)["access_token"]
    assert parts(token)[0]["alg"] == "EdDSA"
    assert me(client, token).status_code == 200
    okp = [key for key in client.get("/.well-known/jwks.json").json()["keys"] if key["kty"] == "OKP"]
    assert okp and okp[0]["crv"] == "Ed25519"


def test_list_shows_the_keys(keys_file, capsys):
    rotate("--list")
    assert keys.load().current.kid in capsys.readouterr().out


def test_without_a_key_file_the_jwks_is_empty_not_an_error(client, keys_file):
    keys_file.unlink()
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response.json() == {"keys": []}
