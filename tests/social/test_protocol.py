"""What goes over the wire: PKCE (S256), state and nonce on the authorization request, the verifier on the token
request, the redirect URI from SITE_URL; and nothing of the token response lands in the database."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.db import connection

from tests.social.conftest import CLIENT_ID, callback, sign_in_with_google, start
from tests.social.provider import s256

pytestmark = pytest.mark.django_db


def test_the_authorization_request_carries_s256_pkce_state_and_nonce(client, provider):
    authorize_url = start(client)
    assert authorize_url.startswith(f"{provider.url}/oauth2/authorize?")

    callback(client, provider.approve(authorize_url, "sub-newcomer"))

    sent = provider.recorder.authorization_request()
    assert sent["code_challenge_method"] == ["S256"]
    assert len(sent["state"][0]) >= 32 and len(sent["nonce"][0]) >= 32
    assert sent["client_id"] == [CLIENT_ID]
    assert set(sent["scope"][0].split()) == {"openid", "email", "profile"}
    token_request = provider.recorder.token_request()
    verifier = token_request["code_verifier"][0]
    assert 43 <= len(verifier) <= 128
    assert s256(verifier) == sent["code_challenge"][0]


def test_each_start_gets_a_fresh_state_nonce_and_verifier(client, provider):
    urls = [start(client) for _ in range(2)]
    params = [parse_qs(urlsplit(url).query) for url in urls]
    for name in ("state", "nonce", "code_challenge"):
        assert params[0][name] != params[1][name]


def test_the_redirect_uri_comes_from_site_url_never_the_host_header(client, provider, settings):
    settings.ALLOWED_HOSTS = ["*"]
    response = client.post("/social/google/start/", {"next": ""}, HTTP_HOST="attacker.example")
    assert parse_qs(urlsplit(response["Location"]).query)["redirect_uri"] == [
        f"{settings.SITE_URL}/social/google/callback/"]


def _all_text_in_database():
    """Every text and JSON column of every row of every table, as one string per row."""
    rows = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            columns = [field.column for field in model._meta.concrete_fields
                       if field.get_internal_type() in ("CharField", "TextField", "JSONField")]
            if not columns:
                continue
            cursor.execute(f'SELECT {", ".join(f"{c}::text" for c in columns)} FROM "{table}"')
            rows += [(table, " ".join(value or "" for value in row)) for row in cursor.fetchall()]
    return rows


def test_no_row_contains_an_access_refresh_or_id_token_after_a_google_sign_in(client, provider):
    sign_in_with_google(client, provider, "sub-newcomer")
    sign_in_with_google(client.__class__(), provider, "sub-newcomer")  # a returning sign-in too

    issued = provider.recorder.token_responses()
    assert len(issued) == 2
    secrets = [response[name] for response in issued for name in ("access_token", "refresh_token", "id_token")]
    assert all(secrets)
    rows = _all_text_in_database()
    assert rows  # the scan does see the database
    leaks = [(table, secret[:12]) for table, text in rows for secret in secrets if secret in text]
    assert leaks == []
    from social_django.models import UserSocialAuth

    assert json.dumps(UserSocialAuth.objects.get().extra_data) == "{}"
    # Nor do the sessions in Redis keep them.
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    values = [redis.get(key) or b"" for key in redis.scan_iter() if redis.type(key) == b"string"]
    assert any(b"_auth_user_id" in value for value in values)  # the scan reads the sessions in clear
    assert not [secret for secret in secrets for value in values if secret.encode() in value]


def test_without_an_issuer_setting_google_issuer_is_required(client, provider, settings):
    # The production configuration: no ID_TOKEN_ISSUER setting, so only Google's issuer is accepted
    # ("https://accounts.google.com" or "accounts.google.com"), whatever the discovery document says.
    del settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_ID_TOKEN_ISSUER
    from social.backends import GOOGLE_ISSUERS

    assert GOOGLE_ISSUERS == ("https://accounts.google.com", "accounts.google.com")
    provider.recorder.token_issuer_host = "accounts.google.com"  # tokens now say iss=https://accounts.google.com
    response = sign_in_with_google(client, provider, "sub-newcomer")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/account/").status_code == 200

    client.post("/logout/")
    provider.recorder.token_issuer_host = ""  # back to the provider's own issuer, http://127.0.0.1:<port>
    assert sign_in_with_google(client, provider, "sub-newcomer")["Location"] == "/login/"
    from audit.models import AuthEvent

    assert AuthEvent.objects.filter(details__reason="wrong_issuer").count() == 1


def test_no_legacy_association_keyed_on_an_email_is_ever_matched(client, provider):
    from django.contrib.auth import get_user_model
    from social_django.models import UserSocialAuth

    from tests.helpers import make_user

    legacy = make_user("legacy@example.com")
    # An association the stock backend's legacy lookup would find: uid = the Google email, no id_key.
    UserSocialAuth.objects.create(user=legacy, provider="google-openidconnect", uid="newcomer@example.com")

    sign_in_with_google(client, provider, "sub-newcomer")

    assert client.get("/account/").wsgi_request.user.email == "newcomer@example.com"
    assert get_user_model().objects.count() == 2
    assert UserSocialAuth.objects.get(user=legacy).uid == "newcomer@example.com"  # untouched, not migrated
