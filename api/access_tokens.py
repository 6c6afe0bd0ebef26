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

import json
import math
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

_jws = PyJWS()


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
    try:
        header = _jws.get_unverified_header(token)
    except (jwt.InvalidTokenError, ValueError, TypeError):
        raise InvalidToken("malformed") from None
    if set(header) != ALLOWED_HEADER or header.get("typ") != TYP:
        raise InvalidToken("header")
    try:
        key = keys.load().verifying_key(header["kid"], now)
    except TypeError:  # an unhashable kid
        raise InvalidToken("kid") from None
    if key is None or header["alg"] != key.alg:
        raise InvalidToken("kid or alg")
    try:
        payload = _jws.decode_complete(token, key.public_key, algorithms=[key.alg])["payload"]
        claims = json.loads(payload)
    except (jwt.InvalidTokenError, ValueError, TypeError):
        raise InvalidToken("signature") from None
    _check_claims(claims, now)
    return claims


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
