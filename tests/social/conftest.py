"""Google sign-in against a real OpenID Connect provider on loopback (tests/social/provider.py)."""

from urllib.parse import urlsplit

import pytest
from oidc_provider_mock import User

from tests.social.provider import Provider, verified_user

CLIENT_ID = "authsite-test-client"

USERS = [
    verified_user("sub-newcomer", "newcomer@example.com", "New Comer"),
    verified_user("sub-alice", "alice@example.com", "Alice Google"),
    verified_user("sub-owner", "owner@example.com", "Real Owner"),
    verified_user("sub-other", "other@example.com", "Other Person"),
    User(sub="sub-unverified", claims={"email": "unverified@example.com", "email_verified": False}),
]


@pytest.fixture(autouse=True)
def fresh_discovery_cache():
    """social-core caches discovery and keys per URL in the process; a new provider may reuse an old port."""
    from social.backends import GoogleOpenIdConnect

    GoogleOpenIdConnect.get_openid_configuration.invalidate()
    GoogleOpenIdConnect.get_jwks_keys_for_uri.invalidate()
    yield


def point_at(settings, provider):
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_KEY = CLIENT_ID
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_SECRET = "authsite-test-secret"
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_OIDC_ENDPOINT = provider.url
    # Empty means "from the discovery document" (the provider's own issuer and endpoints).
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_AUTHORIZATION_URL = ""
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_ACCESS_TOKEN_URL = ""
    settings.SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_ID_TOKEN_ISSUER = ""


@pytest.fixture
def provider(settings):
    provider = Provider(USERS)
    point_at(settings, provider)
    yield provider
    provider.stop()


def start(client, *, next_url="", remember=False):
    """Press "Sign in with Google": the URL of the provider's authorization page."""
    data = {"next": next_url}
    if remember:
        data["remember"] = "on"
    response = client.post("/social/google/start/", data)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def callback(client, url):
    """The browser arriving back from the provider."""
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_with_google(client, provider, sub, **start_options):
    return callback(client, provider.approve(start(client, **start_options), sub))
