"""Access tokens: what a real one looks like, and every forgery or stale token the bearer middleware refuses."""

import hashlib
import hmac
import json
import time

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from django.contrib.auth import get_user_model

from accounts.flows.account_status import deactivate_account
from accounts.flows.sessions import revoke_sessions
from api import access_tokens, keys
from tests.api.conftest import key_entry
from tests.api.helpers import b64, get_tokens, me, parts

pytestmark = pytest.mark.django_db


def current_key():
    return keys.load().current


def sign(claims, *, headers=None, key=None, alg="RS256"):
    key = key or current_key()
    header = {"kid": key.kid, "typ": "at+jwt", **(headers or {})}
    return jwt.encode(claims, key.private_key, algorithm=alg, headers=header)


def good_claims(user, **changes):
    now = int(time.time())
    claims = {"iss": access_tokens.issuer(), "aud": access_tokens.audience(), "sub": str(user.pk), "iat": now,
              "nbf": now, "exp": now + 900, "jti": "j" * 22}
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


def assert_refused(client, token, code="invalid_token"):
    response = me(client, token)
    assert response.status_code == 401, response.content
    assert response.json() == {"error": code}
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_a_real_access_token_lives_900_seconds_and_names_its_key(client, user):
    header, claims = parts(get_tokens(client, user)["access_token"])
    assert header == {"alg": "RS256", "kid": current_key().kid, "typ": "at+jwt"}
    assert set(claims) == {"iss", "aud", "sub", "iat", "nbf", "exp", "jti"}
    assert claims["exp"] - claims["iat"] == 900
    assert claims["sub"] == str(user.pk) and claims["iss"] == "https://authsite.test"


def test_a_token_we_sign_ourselves_is_accepted(client, user):
    # The baseline for every forgery below: only the one thing each test changes makes the difference.
    response = me(client, sign(good_claims(user)))
    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_alg_none_is_refused(client, user):
    header = b64(json.dumps({"alg": "none", "kid": current_key().kid, "typ": "at+jwt"}).encode())
    payload = b64(json.dumps(good_claims(user)).encode())
    assert_refused(client, f"{header}.{payload}.")


def test_an_hmac_token_made_with_the_public_key_is_refused(client, user):
    public_pem = current_key().public_key.public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo)
    header = b64(json.dumps({"alg": "HS256", "kid": current_key().kid, "typ": "at+jwt"}).encode())
    payload = b64(json.dumps(good_claims(user)).encode())
    signature = b64(hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    assert_refused(client, f"{header}.{payload}.{signature}")


def test_an_unknown_kid_is_refused(client, user):
    stranger = keys.SigningKey(**{**current_key().__dict__, "kid": "someone-elses-key"})
    assert_refused(client, sign(good_claims(user), key=stranger))


def test_a_token_signed_by_another_key_under_our_kid_is_refused(client, user):
    other = keys._parse(keys.generate("RS256"))
    impostor = keys.SigningKey(**{**other.__dict__, "kid": current_key().kid})
    assert_refused(client, sign(good_claims(user), key=impostor))


@pytest.mark.parametrize("extra", [
    {"jku": "https://evil.example/jwks.json"},
    {"jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"}},
    {"x5u": "https://evil.example/cert.pem"},
    {"x5c": ["MIIB"]},
    {"crit": ["exp"]},
    {"cty": "JWT"},
])
def test_any_header_beyond_alg_kid_typ_is_refused(client, user, extra):
    assert_refused(client, sign(good_claims(user), headers=extra))


@pytest.mark.parametrize("typ", ["JWT", "at+JWT", "application/at+jwt", None])
def test_a_token_that_is_not_typed_as_an_access_token_is_refused(client, user, typ):
    key = current_key()
    header = {"kid": key.kid} if typ is None else {"kid": key.kid, "typ": typ}
    assert_refused(client, jwt.encode(good_claims(user), key.private_key, algorithm="RS256", headers=header))


def test_a_refresh_token_used_as_an_access_token_is_refused(client, user):
    assert_refused(client, get_tokens(client, user)["refresh_token"])


@pytest.mark.parametrize("claim", ["iss", "aud", "sub", "iat", "nbf", "exp", "jti"])
def test_every_claim_is_required(client, user, claim):
    assert_refused(client, sign(good_claims(user, **{claim: None})))


@pytest.mark.parametrize("changes", [
    {"iss": "https://evil.example"},
    {"aud": "https://authsite.test/other"},
    {"aud": ["https://authsite.test/api"]},
    {"sub": "not-a-number"},
    {"sub": "999999"},
    {"iat": "1700000000"},
    {"exp": True},
    {"exp": 1.5e12},
])
def test_wrong_or_mistyped_claims_are_refused(client, user, changes):
    assert_refused(client, sign(good_claims(user, **changes)))


def test_a_tampered_payload_is_refused(client, user):
    token = get_tokens(client, user)["access_token"]
    header, payload, signature = token.split(".")
    forged = b64(json.dumps({**parts(token)[1], "sub": "2"}).encode())
    assert_refused(client, f"{header}.{forged}.{signature}")


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "a.b", "....", "e30.e30.e30", "\u00e9t\u00e9.x.y"])
def test_garbage_tokens_are_refused_not_crashed_on(client, user, garbage):
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {garbage}")
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_token"}


def test_exp_has_zero_leeway(client, user):
    token = get_tokens(client, user)["access_token"]
    exp = parts(token)[1]["exp"]
    with time_machine.travel(exp - 0.001, tick=False):
        assert me(client, token).status_code == 200
    with time_machine.travel(exp, tick=False):
        assert_refused(client, token, code="token_expired")


def test_iat_and_nbf_tolerate_five_seconds_of_clock_skew(client, user):
    now = int(time.time())
    for claims in ({"iat": now + 3}, {"nbf": now + 3}, {"iat": now + 3, "nbf": now + 3, "exp": now + 903}):
        assert me(client, sign(good_claims(user, **claims))).status_code == 200
    for claims in ({"iat": now + 10}, {"nbf": now + 10}, {"iat": now + 10, "nbf": now + 10, "exp": now + 910}):
        assert_refused(client, sign(good_claims(user, **claims)))


def test_a_token_of_a_deactivated_user_is_refused(client, user):
    token = get_tokens(client, user)["access_token"]
    deactivate_account(user, actor="test")
    assert_refused(client, token)


def test_a_token_issued_before_sign_out_everywhere_is_refused(client, user):
    token = get_tokens(client, user)["access_token"]
    revoke_sessions(user, reason="test")
    assert_refused(client, token)


def test_a_token_issued_before_a_password_change_is_refused(client, user):
    from accounts.flows.passwords import set_password_by_operator

    token = get_tokens(client, user)["access_token"]
    set_password_by_operator(user, "a brand new and long passphrase", actor="test", command="test")
    assert_refused(client, token)


def test_a_token_issued_in_the_same_second_right_after_logout_all_works(client, user):
    # The stamp has sub-second precision, iat whole seconds: a token issued a moment after the stamp, within the
    # same second, must not be mistaken for one issued before it (api.access_tokens.issued_at).
    with time_machine.travel(1_900_000_000.2, tick=False) as clock:
        old = get_tokens(client, user)["access_token"]
        clock.shift(0.3)  # .5: logout-all
        revoke_sessions(user, reason="test")
        clock.shift(0.3)  # .8: a new sign-in, same second
        fresh = get_tokens(client, user)["access_token"]
        assert parts(fresh)[1]["iat"] == 1_900_000_001  # moved up to the next whole second, inside the skew
        assert parts(fresh)[1]["exp"] - parts(fresh)[1]["iat"] == 900
        assert me(client, fresh).status_code == 200
        assert_refused(client, old)


def test_a_token_issued_earlier_in_the_same_second_as_the_stamp_is_refused(client, user):
    with time_machine.travel(1_900_000_000.1, tick=False) as clock:
        token = get_tokens(client, user)["access_token"]
        clock.shift(0.5)
        revoke_sessions(user, reason="test")
        assert_refused(client, token)


def test_the_revocation_stamp_keeps_milliseconds_in_postgresql(user):
    with time_machine.travel(1_900_000_000.123456, tick=False):
        revoke_sessions(user, reason="test")
    stored = get_user_model().objects.get(pk=user.pk).credentials_revoked_at
    assert stored.timestamp() == pytest.approx(1_900_000_000.123456, abs=1e-6)


def test_no_header_is_not_authenticated(client, user):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"error": "not_authenticated"}


def test_other_schemes_and_query_strings_do_not_authenticate(client, user):
    token = get_tokens(client, user)["access_token"]
    assert client.get(f"/api/me?access_token={token}").status_code == 401
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Basic {token}").status_code == 401
    assert me(client, token).status_code == 200
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"bearer {token}").status_code == 200  # the scheme is caseless


def test_a_browser_session_does_not_authenticate_the_api(signed_in_client):
    assert signed_in_client.get("/").status_code == 200
    response = signed_in_client.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"error": "not_authenticated"}


def test_eddsa_is_selectable_and_verifies(client, user, keys_file, settings):
    keys_file.write_text(json.dumps({"keys": [key_entry("EdDSA")]}))
    token = get_tokens(client, user)["access_token"]
    assert parts(token)[0]["alg"] == "EdDSA"
    assert me(client, token).status_code == 200
    # One algorithm per key: an RS256 header under the Ed25519 key's kid never verifies.
    rsa = keys._parse(key_entry("RS256"))
    assert_refused(client, sign(good_claims(user), key=keys.SigningKey(**{**rsa.__dict__, "kid": current_key().kid})))


def test_authenticated_api_replies_are_never_cached(client, user):
    response = me(client, get_tokens(client, user)["access_token"])
    assert response["Cache-Control"] == "no-store"
