"""API test fixtures: a key-set file of the test's own, and helpers to sign in through the API."""

import json

import pytest

from api import keys

_generated = {}


def key_entry(alg="RS256", state=keys.CURRENT, retired_at=None):
    """A key-set entry, generated once per algorithm and state per test run (RSA generation is slow)."""
    slot = (alg, state)
    if slot not in _generated:
        _generated[slot] = keys.generate(alg)
    return {**_generated[slot], "state": state, "retired_at": retired_at}


@pytest.fixture
def keys_file(tmp_path, settings):
    """API_SIGNING_KEYS_FILE pointing at a fresh file with one current RS256 key. Yields its path."""
    path = tmp_path / "signing-keys.json"
    path.write_text(json.dumps({"keys": [key_entry()]}))
    settings.API_SIGNING_KEYS_FILE = str(path)
    yield path


@pytest.fixture(autouse=True)
def _signing_keys(keys_file):
    """Every API test has signing keys unless it replaces the file."""
    return keys_file
