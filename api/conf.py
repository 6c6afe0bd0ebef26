"""Policy knobs of the JWT API: one object, each default with its reason. Override with AUTHSITE_<NAME>.

Where the signing keys live is deployment configuration, not policy: the API_SIGNING_KEYS_FILE setting (README).
"""

from web.conf import AppSettings


class ApiSettings(AppSettings):
    #: Access-token lifetime (DESIGN: JWT access token). Short, because a stolen one works until it expires unless
    #: its user logs out (denylist) or revokes everything (credentials_revoked_at).
    ACCESS_TOKEN_SECONDS = 15 * 60

    #: Absolute lifetime of a refresh-token family, from login; rotation never extends it (DESIGN: refresh token).
    REFRESH_SECONDS = 7 * 24 * 60 * 60
    #: ... with "remember": true at login.
    REMEMBER_REFRESH_SECONDS = 30 * 24 * 60 * 60

    #: The algorithm new signing keys are made for: "RS256" (2048-bit RSA; verifies about 2x faster than EdDSA here)
    #: or "EdDSA" (Ed25519). Every key has exactly one algorithm and a token verifies only under its key's.
    SIGNING_ALGORITHM = "RS256"

    #: How far in the future iat/nbf may be (servers' clocks differ a little). exp has no leeway at all.
    CLOCK_SKEW_SECONDS = 5

    #: Second-factor codes sent to the token endpoint, per account, counted before each check ("count/period").
    SECOND_FACTOR_RATE = "5/15m"

    #: The iss and aud of our tokens; None: SITE_URL and SITE_URL + "/api".
    ISSUER = None
    AUDIENCE = None

    #: How long clients and proxies may cache the JWKS. A new key is staged at least this long before promotion.
    JWKS_MAX_AGE_SECONDS = 300


api_settings = ApiSettings()
