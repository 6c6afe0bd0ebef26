"""Policy knobs of Google sign-in: one object, each default with its reason. Override with AUTHSITE_<NAME>.

The Google client itself (id, secret, endpoints) is configured by GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET and
social-auth's SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_* settings (authsite/settings.py); these are our own rules around it.
"""

from web.conf import AppSettings


class SocialSettings(AppSettings):
    #: Starting a Google sign-in, per client IP, in django-ratelimit's "count/period" notation. Each start writes a
    #: state and a nonce row and sends the browser to Google: generous for people, a wall for a script.
    GOOGLE_START_RATE = "30/15m"

    #: "Sign in with your password to connect Google": how long that offer waits in the session (issue: 10 minutes).
    GOOGLE_PENDING_LINK_SECONDS = 10 * 60

    #: Every call to Google (discovery, token, keys, user info) gives up after this many seconds, so a Google that
    #: accepts and never answers costs the user one short wait and a message, not a hung worker.
    GOOGLE_TIMEOUT_SECONDS = 5


social_settings = SocialSettings()
