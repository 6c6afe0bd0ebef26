"""The signing keys: a key-set file (API_SIGNING_KEYS_FILE), never the database, re-read when it changes.

A key moves through three states, driven by `manage.py rotate_signing_key`:

    staged   published in the JWKS and accepted for verification, but not signing yet (clients and other servers
             learn it before the first token signed with it reaches them)
    current  signs new access tokens (exactly one)
    retired  no longer signs; still published and accepted until every token it signed has expired
             (retired_at + the access-token lifetime + the clock skew), then `--prune` drops it

The file is JSON: {"keys": [{"kid", "alg", "state", "created_at", "retired_at", "private_key" (PEM)}]}. It holds
private keys, so it is written 0600, atomically (a temporary file renamed over the old one) and under a lock, and
each server process checks its identity (inode, size, mtime) before use: a rotation is picked up at the next
request, with no restart and no database read.
"""

import base64
import fcntl
import hashlib
import json
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from django.conf import settings
from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

from api.conf import api_settings

STAGED, CURRENT, RETIRED = "staged", "current", "retired"
ALGORITHMS = ("RS256", "EdDSA")


class KeySetError(Exception):
    """The key-set file is missing, unreadable or holds no current key."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    alg: str
    state: str
    created_at: int
    retired_at: int | None
    private_key: object  # a cryptography private key
    public_key: object

    def verifies_at(self, now):
        """Staged and current keys verify; a retired one until the last token it signed has expired."""
        if self.state != RETIRED:
            return True
        return now < self.retired_at + api_settings.ACCESS_TOKEN_SECONDS + api_settings.CLOCK_SKEW_SECONDS

    def public_jwk(self):
        algorithm = RSAAlgorithm if self.alg == "RS256" else OKPAlgorithm
        jwk = algorithm.to_jwk(self.public_key, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.alg, "use": "sig"}


@dataclass(frozen=True)
class KeySet:
    keys: tuple

    @property
    def current(self):
        for key in self.keys:
            if key.state == CURRENT:
                return key
        raise KeySetError("the key-set file holds no current signing key (run: manage.py rotate_signing_key --init)")

    def verifying_key(self, kid, now):
        for key in self.keys:
            if key.kid == kid and key.verifies_at(now):
                return key
        return None

    def published(self, now):
        return [key for key in self.keys if key.verifies_at(now)]


def keys_path():
    path = settings.API_SIGNING_KEYS_FILE
    if not path:
        raise KeySetError("API_SIGNING_KEYS_FILE is not set")
    return Path(path)


# --- Reading, cached per process until the file changes --------------------------------------------------------

_cache_lock = threading.Lock()
_cache = {"identity": None, "keyset": None}


def _identity(path):
    stat = os.stat(path)
    return (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)


def load():
    """The key set in the file, parsed once per change of the file (one stat() per call)."""
    path = keys_path()
    try:
        identity = _identity(path)
    except FileNotFoundError:
        raise KeySetError(f"no key-set file at {path} (run: manage.py rotate_signing_key --init)") from None
    cached = _cache
    if cached["identity"] == identity:
        return cached["keyset"]
    with _cache_lock:
        keyset = KeySet(tuple(_parse(entry) for entry in _read(path)["keys"]))
        _cache.update(identity=identity, keyset=keyset)
    return keyset


def _read(path):
    try:
        return json.loads(Path(path).read_text())
    except FileNotFoundError:
        return {"keys": []}
    except ValueError as exc:
        raise KeySetError(f"the key-set file {path} is not valid JSON") from exc


def _parse(entry):
    private_key = serialization.load_pem_private_key(entry["private_key"].encode(), password=None)
    return SigningKey(kid=entry["kid"], alg=entry["alg"], state=entry["state"], created_at=entry["created_at"],
                      retired_at=entry.get("retired_at"), private_key=private_key,
                      public_key=private_key.public_key())


# --- Rotation (manage.py rotate_signing_key) ---------------------------------------------------------------------

def generate(alg):
    """A new private key entry for the file. RS256: 2048-bit RSA; EdDSA: Ed25519. The kid is the RFC 7638
    thumbprint of the public key, so it names the key itself and cannot collide with another key."""
    if alg == "RS256":
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        algorithm = RSAAlgorithm
    elif alg == "EdDSA":
        private_key = ed25519.Ed25519PrivateKey.generate()
        algorithm = OKPAlgorithm
    else:
        raise KeySetError(f"unknown signing algorithm {alg!r}; choose one of {', '.join(ALGORITHMS)}")
    thumbprint = _thumbprint(algorithm.to_jwk(private_key.public_key(), as_dict=True))
    pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    return {"kid": thumbprint, "alg": alg, "state": STAGED, "created_at": int(time.time()), "retired_at": None,
            "private_key": pem}


def entries():
    """The raw entries of the file (for listing), without taking the lock."""
    return _read(keys_path())["keys"]


def _thumbprint(jwk):
    """RFC 7638: SHA-256 of the key's required members, sorted, without whitespace; base64url."""
    required = {"RSA": ("e", "kty", "n"), "OKP": ("crv", "kty", "x")}[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in required}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


@contextmanager
def editing():
    """The file's entries for a change, written back atomically; one rotation at a time (an flock on a side file)."""
    path = keys_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = _read(path)
        yield data["keys"]
        _write(path, data)


def _write(path, data):
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w") as out:  # mkstemp creates it 0600: private keys are never world-readable
            json.dump(data, out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def stage(entries, alg):
    """Add a new staged key (replacing an older staged one that never signed). Returns its kid."""
    entries[:] = [entry for entry in entries if entry["state"] != STAGED]
    entry = generate(alg)
    entries.append(entry)
    return entry["kid"]


def promote(entries, now):
    """The staged key signs from now on; the current one retires. Returns (new kid, retired kid or None)."""
    staged = [entry for entry in entries if entry["state"] == STAGED]
    if not staged:
        raise KeySetError("there is no staged key to promote (run --stage first, and wait for the JWKS caches)")
    retired = None
    for entry in entries:
        if entry["state"] == CURRENT:
            entry.update(state=RETIRED, retired_at=int(now))
            retired = entry["kid"]
    staged[0]["state"] = CURRENT
    return staged[0]["kid"], retired


def prune(entries, now):
    """Drop retired keys whose last token has expired. Returns the kids dropped."""
    lifetime = api_settings.ACCESS_TOKEN_SECONDS + api_settings.CLOCK_SKEW_SECONDS
    doomed = [entry["kid"] for entry in entries
              if entry["state"] == RETIRED and now >= entry["retired_at"] + lifetime]
    entries[:] = [entry for entry in entries if entry["kid"] not in doomed]
    return doomed
