"""Recovery codes: how they are made, written and stored.

A code is 16 characters of Crockford base32 (80 bits from the CSPRNG), shown as xxxx-xxxx-xxxx-xxxx. Only its
SHA-256 digest is stored. A slow password hash protects guessable secrets; these are not guessable: finding one code
from its digest takes about 2^80 hashes. The hash is deliberately not keyed with SECRET_KEY, so rotating that key
does not silently destroy every user's way back in.
"""

import hashlib
import secrets

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford: no i, l, o, u to misread
LENGTH = 16
GROUP = 4
# What people mistype for what: Crockford's decoding rules.
READ_AS = str.maketrans({"i": "1", "l": "1", "o": "0"})


def generate():
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + GROUP] for i in range(0, LENGTH, GROUP))


def normalize(typed):
    """The canonical form of what a user typed (case, spaces, dashes and look-alikes ignored), or None."""
    cleaned = "".join(typed.split()).replace("-", "").lower().translate(READ_AS)
    if len(cleaned) != LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned


def digest(typed):
    canonical = normalize(typed)
    if canonical is None:
        return None
    return hashlib.sha256(f"authsite-recovery-code:{canonical}".encode()).hexdigest()


def looks_like_recovery_code(typed):
    return normalize(typed) is not None
