#!/usr/bin/env python
"""CPU cost of verifying one passkey assertion (ES256), as mfa.passkeys.verify_assertion does it.

    .venv/bin/python bench/passkey_verify.py [--repeat 2000]
"""

import argparse
import base64
import hashlib
import json
import os
import struct
import sys
import time

import cbor2
import webauthn
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

RP_ID, ORIGIN = "authsite.test", "https://authsite.test"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def assertion(key, credential_id, challenge, counter):
    auth_data = hashlib.sha256(RP_ID.encode()).digest() + bytes([0x05]) + struct.pack(">I", counter)
    client_data = json.dumps({"type": "webauthn.get", "challenge": b64url(challenge), "origin": ORIGIN}).encode()
    signature = key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
    return json.dumps({"id": b64url(credential_id), "rawId": b64url(credential_id), "type": "public-key",
                       "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                                    "signature": b64url(signature), "userHandle": b64url(os.urandom(64))}})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    cose = cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})
    credential_id = os.urandom(32)
    samples = []
    for i in range(args.repeat):
        challenge = os.urandom(32)
        text = assertion(key, credential_id, challenge, i + 1)
        started = time.process_time()
        webauthn.verify_authentication_response(
            credential=text, expected_challenge=challenge, expected_rp_id=RP_ID, expected_origin=ORIGIN,
            credential_public_key=cose, credential_current_sign_count=0)
        samples.append(time.process_time() - started)
    mean = sum(samples) / len(samples)
    samples.sort()
    median, p95 = samples[len(samples) // 2], samples[int(len(samples) * 0.95)]
    print(f"ES256 assertion verification, {args.repeat} runs: median {median * 1000:.3f} ms CPU, "
          f"mean {mean * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
