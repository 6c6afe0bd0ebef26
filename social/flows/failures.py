"""How a Google sign-in fails: one short message for the person, one reason code for the audit trail.

Every failure, whether social-core raised it (state, nonce, token checks, Google unreachable) or our own rules did
(identity already linked, invitation-only site), ends the same way: audited with a reason code, nobody signed in,
nothing linked, a message on the login page. The reason codes are the vocabulary of the audit trail.
"""

import logging

from social_core.exceptions import (
    AuthAssociationError,
    AuthCanceled,
    AuthConfigurationError,
    AuthInputError,
    AuthProviderError,
    AuthResponseError,
    AuthSessionError,
)

from audit import events
from audit.record import record

logger = logging.getLogger("authsite.social")

TRY_AGAIN = "Google sign-in did not complete. Please try again."
MESSAGES = {
    "cancelled": "Google sign-in was cancelled.",
    "email_unverified": "Google has not verified the email address of that Google account, so it cannot be used here.",
    "identity_in_use": "That Google account is already connected to another account.",
    "other_google_linked": "Another Google account is already connected. Disconnect it first.",
    "email_has_other_google": "The account with this email address is connected to a different Google account. "
    "Sign in with that one, or with your password.",
    "signup_closed": "There is no account for that Google address, and accounts here are made by invitation.",
    "account_inactive": "This account cannot sign in. Please contact support.",
    "not_allowed": "That Google account may not sign in here.",
    "provider_timeout": "Google did not answer in time. Please try again in a moment.",
    "provider_unreachable": "Google could not be reached. Please try again in a moment.",
    "provider_error": TRY_AGAIN,
}


class GoogleSignInFailed(Exception):
    """A Google sign-in that must stop here. `reason` goes to the audit trail, `message` to the person."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
        self.message = MESSAGES.get(reason, TRY_AGAIN)


def reason_for(error):
    """The reason code of an exception raised by social-core while checking Google's answer."""
    code = getattr(error, "code", "")
    claim = getattr(error, "claim", None)
    if isinstance(error, AuthCanceled):
        return "cancelled"
    if isinstance(error, AuthInputError):
        return "state_missing" if getattr(error, "parameter", None) == "state" else "bad_callback"
    if isinstance(error, AuthSessionError):
        return "state_invalid"  # missing from this session, forged, expired or already used
    if isinstance(error, AuthProviderError):
        if code == "timeout":
            return "provider_timeout"
        if code in ("connection_failed", "tls_error"):
            return "provider_unreachable"
        return "provider_error"  # e.g. the token endpoint refused a replayed or foreign code
    if isinstance(error, AuthAssociationError):
        return "identity_in_use"
    if isinstance(error, AuthConfigurationError):
        return "misconfigured"
    if isinstance(error, AuthResponseError):
        if code == "nonce_mismatch":
            return "nonce_mismatch"
        if code in ("response_expired", "response_not_yet_valid"):
            return "token_expired"
        if code == "invalid_signature":
            return "bad_signature"
        if claim == "aud" or claim == "azp":
            return "wrong_audience"
        if claim == "iss":
            return "wrong_issuer"
        if claim == "email_verified":
            return "email_unverified"
        return "bad_response"
    return "failed"


def fail(request, reason, *, user=None, **details):
    """Audit a failed Google sign-in and give back what to tell the person."""
    if reason == "misconfigured":
        logger.error("Google sign-in is misconfigured (check the SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_* settings)")
    record(events.GOOGLE_SIGN_IN_FAILED, request=request, user=user, reason=reason, **details)
    return GoogleSignInFailed(reason)
