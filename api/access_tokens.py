"""Access tokens: short JWTs (RFC 9068 profile), signed by the current key, verified strictly.

Issued: header {alg, kid, typ: "at+jwt"}; claims iss, aud, sub, iat, nbf, exp (= iat + ACCESS_TOKEN_SECONDS), jti.

Verified (anything else is InvalidToken, an expired one TokenExpired):
- the header holds exactly alg, kid and typ ("jku", "jwk", "x5u", "x5c", "crit", ... are refused outright, so no
  key or URL named by the token is ever looked at), typ is "at+jwt", kid names a key of the key set, and alg is
  that key's one algorithm: "none", HMAC made with the public key, or any other algorithm never verifies;
- every claim is present with its type; iss and aud are ours; iat and nbf may be up to CLOCK_SKEW_SECONDS in the
  future (servers' clocks differ a little); exp has no leeway at all.

Who the token names (active user, not revoked since iat, jti not denylisted) is checked by api.flows.bearer.
"""

import base64
import binascii
import json
import math
import re
import secrets
import time

import jwt
from django.conf import settings
from jwt.api_jws import PyJWS

from api import keys
from api.conf import api_settings

TYP = "at+jwt"
ALLOWED_HEADER = {"alg", "kid", "typ"}
INT_CLAIMS = ("iat", "nbf", "exp")
STR_CLAIMS = ("iss", "aud", "sub", "jti")

COMPACT_JWS = re.compile(r"([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)")
MAX_TOKEN_LENGTH = 8192


class InvalidToken(Exception):
    """Not a token of ours, or not valid for any reason but expiry. Says nothing more to the client."""


class TokenExpired(InvalidToken):
    """A genuine token of ours whose exp has passed."""


def issuer():
    return api_settings.ISSUER or settings.SITE_URL


def audience():
    return api_settings.AUDIENCE or f"{settings.SITE_URL}/api"


def issued_at(now, revoked_at):
    """The iat of a token issued at `now` (seconds, float) for a user whose credentials were revoked at `revoked_at`.

    JWT times are whole seconds but the revocation stamp has sub-second precision, and a token is refused when
    iat < stamp. Issued right after a logout-all in the same second, floor(now) would fall before the stamp and the
    new token would be refused: so iat is moved up to the next whole second after the stamp (under a second in the
    future, well inside the clock skew every verifier tolerates). A token issued before the stamp keeps
    floor(now) <= now < stamp and is refused, as it must be.
    """
    iat = math.floor(now)
    if revoked_at is not None:
        iat = max(iat, math.ceil(revoked_at.timestamp()))
    return iat


def issue(user, *, now=None):
    """A new access token for `user`: (the JWT, its claims)."""
    now = time.time() if now is None else now
    key = keys.load().current
    iat = issued_at(now, user.credentials_revoked_at)
    claims = {"iss": issuer(), "aud": audience(), "sub": str(user.pk), "iat": iat, "nbf": iat,
              "exp": iat + api_settings.ACCESS_TOKEN_SECONDS, "jti": secrets.token_urlsafe(16)}
    token = jwt.encode(claims, key.private_key, algorithm=key.alg, headers={"kid": key.kid, "typ": TYP})
    return token, claims


def verify(token, *, now=None):
    """The claims of a valid access token; raises InvalidToken or TokenExpired."""
    now = time.time() if now is None else now
    header, payload, signing_input, signature = _parse(token)
    if set(header) != ALLOWED_HEADER or header["typ"] != TYP or not isinstance(header["kid"], str):
        raise InvalidToken("header")
    key = keys.load().verifying_key(header["kid"], now)
    if key is None or header["alg"] != key.alg:
        raise InvalidToken("kid or alg")
    if not _algorithm(key.alg).verify(signing_input, key.public_key, signature):
        raise InvalidToken("signature")
    try:
        claims = json.loads(payload)
    except ValueError:
        raise InvalidToken("payload") from None
    _check_claims(claims, now)
    return claims


def _parse(token):
    """(header, payload bytes, signing input, signature) of a compact JWS, or InvalidToken.

    Parsed here with one regular expression rather than by PyJWT's decoder, which checks base64 character by
    character in Python (three times slower than the signature check itself); PyJWT's algorithm does the verifying.
    """
    match = COMPACT_JWS.fullmatch(token) if isinstance(token, str) and len(token) <= MAX_TOKEN_LENGTH else None
    if match is None:
        raise InvalidToken("malformed")
    header_segment, payload_segment, signature_segment = match.groups()
    try:
        header = json.loads(_b64decode(header_segment))
        payload = _b64decode(payload_segment)
        signature = _b64decode(signature_segment)
    except (ValueError, binascii.Error):
        raise InvalidToken("malformed") from None
    if not isinstance(header, dict):
        raise InvalidToken("header")
    return header, payload, f"{header_segment}.{payload_segment}".encode(), signature


def _b64decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


_algorithms = {}


def _algorithm(name):
    if name not in _algorithms:
        _algorithms[name] = PyJWS().get_algorithm_by_name(name)
    return _algorithms[name]


def _check_claims(claims, now):
    if not isinstance(claims, dict):
        raise InvalidToken("claims")
    for name in INT_CLAIMS:
        # bool is an int in Python; a JSON true is not a time.
        if type(claims.get(name)) is not int:
            raise InvalidToken(name)
    for name in STR_CLAIMS:
        if not isinstance(claims.get(name), str):
            raise InvalidToken(name)
    if claims["iss"] != issuer() or claims["aud"] != audience():
        raise InvalidToken("iss or aud")
    skew = api_settings.CLOCK_SKEW_SECONDS
    if claims["iat"] > now + skew or claims["nbf"] > now + skew:
        raise InvalidToken("not yet valid")
    if now >= claims["exp"]:  # no leeway
        raise TokenExpired("expired")
