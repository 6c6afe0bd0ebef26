"""WebAuthn challenges: issued to one browser session for one purpose, good once, for PASSKEY_CHALLENGE_SECONDS.

The challenge itself rides in the session (so it is bound to this browser), and a Redis key named after it says it
is still unspent. Spending deletes that key: Redis DEL answers 1 to exactly one caller, so of two parallel requests
replaying the same assertion only one gets past, even though both read the same session. The issue time kept in the
session bounds the lifetime as well (the Redis expiry is only the clean-up).
"""

import hashlib
import secrets
import time

from django.core.cache import cache

from mfa.conf import mfa_settings

SESSION_KEY = "_mfa_webauthn_challenge"

# The ceremonies, each with its own slot so that opening one page does not spoil another's challenge.
REGISTER, SECOND_FACTOR, PASSWORDLESS, STEP_UP = "register", "second_factor", "passwordless", "step_up"


def _unspent_key(challenge):
    return f"mfa:webauthn-challenge:{hashlib.sha256(challenge).hexdigest()}"


def issue(request, purpose):
    """A fresh 32-byte challenge for `purpose`; it replaces any earlier one of the same purpose in this session."""
    challenge = secrets.token_bytes(32)
    lifetime = mfa_settings.PASSKEY_CHALLENGE_SECONDS
    cache.set(_unspent_key(challenge), 1, timeout=lifetime)
    slots = {**request.session.get(SESSION_KEY, {}), purpose: {"challenge": challenge.hex(), "at": int(time.time())}}
    request.session[SESSION_KEY] = slots
    return challenge


def spend(request, purpose):
    """The challenge issued for `purpose` in this session, now spent; None if there is none, it expired, or another
    request spent it first."""
    slots = dict(request.session.get(SESSION_KEY, {}))
    slot = slots.pop(purpose, None)
    if slot is None:
        return None
    request.session[SESSION_KEY] = slots
    challenge = bytes.fromhex(slot["challenge"])
    if not cache.delete(_unspent_key(challenge)):
        return None
    if time.time() - slot["at"] > mfa_settings.PASSKEY_CHALLENGE_SECONDS:
        return None
    return challenge
