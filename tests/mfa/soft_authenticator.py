"""A software WebAuthn authenticator (ES256, "none" attestation) written from the spec, independent of the server code.

It answers the options JSON the server hands a page, as a browser and an authenticator would together, and can be
told to misbehave: another origin or RP ID, no user verification, a counter that goes back. The browser tests use
Chromium's own virtual authenticator instead.
"""

import base64
import hashlib
import json
import secrets
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    def __init__(self, origin="https://authsite.test", *, counts=True):
        self.origin = origin
        self.rp_id = origin.split("://", 1)[1].split(":")[0]
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(32)
        self.counts = counts  # False: a synced passkey, whose counter is always 0
        self.counter = 0
        self.user_handle = None

    def _cose_key(self):
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind, challenge, origin):
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def _next_counter(self):
        if self.counts:
            self.counter += 1
        return self.counter

    def register(self, options_json, *, origin=None, rp_id=None, verified=True):
        """The JSON of navigator.credentials.create() for these options."""
        options = json.loads(options_json)
        self.user_handle = unb64url(options["user"]["id"])
        flags = UP | AT | (UV if verified else 0)
        attested = (b"\0" * 16 + struct.pack(">H", len(self.credential_id)) + self.credential_id + self._cose_key())
        auth_data = (hashlib.sha256((rp_id or self.rp_id).encode()).digest() + bytes([flags])
                     + struct.pack(">I", self._next_counter()) + attested)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return json.dumps({
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "response": {"clientDataJSON": b64url(client_data), "attestationObject": b64url(attestation),
                         "transports": ["internal"]},
            "clientExtensionResults": {},
        })

    def assertion(self, options_json, *, origin=None, rp_id=None, verified=True, counter=None):
        """The JSON of navigator.credentials.get() for these options. `counter`: force the signature counter."""
        options = json.loads(options_json)
        allowed = [unb64url(c["id"]) for c in options.get("allowCredentials") or []]
        assert not allowed or self.credential_id in allowed, "the server did not allow this credential"
        sign_count = self._next_counter() if counter is None else counter
        auth_data = (hashlib.sha256((rp_id or self.rp_id).encode()).digest() + bytes([UP | (UV if verified else 0)])
                     + struct.pack(">I", sign_count))
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return json.dumps({
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                         "signature": b64url(signature), "userHandle": b64url(self.user_handle)},
            "clientExtensionResults": {},
        })
