"""The Google OpenID Connect client: social-core's google-openidconnect, made strict.

What changes from the stock class, and why:
- PKCE (S256) is always on. social-core leaves it off for OpenID Connect backends; a stolen authorization code is
  worthless without the verifier kept in this browser's session.
- User info comes from the provider's discovery document (the stock class hard-codes Google's host), so the same
  code runs against a test provider and against Google.
- The ID token's issuer is accepted as "https://accounts.google.com" or "accounts.google.com" (Google documents
  both). An explicitly empty SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_ID_TOKEN_ISSUER means "the issuer from discovery".
- No legacy lookups: an identity is its `sub`, never an email address (emails change hands).
- The redirect URI is built from SITE_URL, never from the request's Host header.
- Google must say the email is verified, in the ID token or the user info; anything else is refused.
`state` and `nonce` are the library's: random, bound to this browser's session, single use.
"""

from django.conf import settings
from django.urls import reverse
from social_core.backends.google_openidconnect import GoogleOpenIdConnect
from social_core.backends.open_id_connect import OpenIdConnectAuth
from social_core.exceptions import AuthResponseError

from social.conf import social_settings

BACKEND_NAME = "google-openidconnect"
GOOGLE_ISSUERS = ("https://accounts.google.com", "accounts.google.com")


def google_configured():
    """Both halves of the client credential are set (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET)."""
    return bool(getattr(settings, "SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_KEY", "")) and bool(
        getattr(settings, "SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_SECRET", "")
    )


def callback_url():
    return f"{settings.SITE_URL}{reverse('social:google_callback')}"


class GoogleOpenIdConnect(GoogleOpenIdConnect):
    name = BACKEND_NAME
    DEFAULT_USE_PKCE = True
    PKCE_DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    LEGACY_ID_KEYS = ()
    MUTABLE_ID_KEYS = ()
    ID_KEY = "sub"
    # Empty: the authorization and token endpoints come from the discovery document, not the stock class's URLs.
    AUTHORIZATION_URL = ""
    ACCESS_TOKEN_URL = ""
    REVOKE_TOKEN_URL = ""
    # Nothing from the token response is kept: no access, refresh or ID token in any row (see social.pipeline).
    EXTRA_DATA = []

    # Settings that would weaken the rules above are not read from settings at all.
    _FIXED = {
        "USE_PKCE": True,
        "PKCE_CODE_CHALLENGE_METHOD": "S256",
        "ID_KEY": "sub",
        "LEGACY_ID_KEYS": (),
        "GET_ALL_EXTRA_DATA": False,
        "EXTRA_DATA": [],
        "SANITIZE_REDIRECTS": True,
    }

    def setting(self, name, default=None):
        if name in self._FIXED:
            return self._FIXED[name]
        if name in ("REQUESTS_TIMEOUT", "URLOPEN_TIMEOUT"):
            return social_settings.GOOGLE_TIMEOUT_SECONDS
        return super().setting(name, default)

    def get_redirect_uri(self, state=None):
        return callback_url()

    def id_token_issuer(self):
        configured = super().setting("ID_TOKEN_ISSUER", None)
        if configured is None:
            return GOOGLE_ISSUERS
        return super().id_token_issuer()  # a configured issuer, or (when empty) the one in the discovery document

    def user_data(self, access_token, *args, **kwargs):
        """The discovery document's userinfo endpoint, its `sub` checked against the ID token's."""
        response = OpenIdConnectAuth.user_data(self, access_token, *args, **kwargs)
        # Verified means: at least one of the ID token and the user info says email_verified: true, and neither
        # says anything else.
        speaking = [claims for claims in (self.id_token, response) if claims and "email_verified" in claims]
        for claims in speaking or [{}]:
            self.validate_email_verified(claims)
        merged = {**(response or {}), **(self.id_token or {})}
        if not merged.get("email"):
            raise AuthResponseError(self, code="missing_claim", claim="email", stage="user_info")
        return response

    def get_legacy_user_identifiers(self, details, response):
        return []

    def get_legacy_user_ids(self, details, response):
        return []

    def get_legacy_social_auth(self, *args, **kwargs):
        return None
