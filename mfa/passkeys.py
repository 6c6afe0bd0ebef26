"""Passkeys (WebAuthn, with py_webauthn): who the relying party is, the options a page hands the browser, and the
checks of what the browser sends back. No database and no session here: flows call these with a challenge they have
just spent (mfa.challenges) and the passkey they have looked up.

Rules (README, "Passkeys"): the RP ID is SITE_URL's host and the only accepted origin is SITE_URL's origin, never
the request's Host header; registration requires a discoverable credential and user verification.
"""

import logging
from urllib.parse import urlsplit

import webauthn
from django.conf import settings
from webauthn.helpers import (
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from mfa.conf import mfa_settings

logger = logging.getLogger("authsite.mfa")

#: The longest credential id WebAuthn allows; anything longer is refused before it reaches the database.
MAX_CREDENTIAL_ID_BYTES = 1023
DEFAULT_PORTS = {"https": 443, "http": 80}


def relying_party():
    """(RP ID, expected origin), both from SITE_URL: the site's host, and its scheme://host[:port]."""
    parts = urlsplit(settings.SITE_URL)
    origin = f"{parts.scheme}://{parts.hostname}"
    if parts.port and parts.port != DEFAULT_PORTS.get(parts.scheme):
        origin += f":{parts.port}"
    return parts.hostname, origin


def _descriptors(passkeys):
    known = {transport.value for transport in AuthenticatorTransport}
    return [PublicKeyCredentialDescriptor(
        id=bytes(passkey.credential_id),
        transports=[AuthenticatorTransport(t) for t in passkey.transports if t in known] or None,
    ) for passkey in passkeys]


def _timeout_ms():
    return mfa_settings.PASSKEY_CHALLENGE_SECONDS * 1000


def registration_options(*, user, handle, existing, challenge):
    """navigator.credentials.create() options as JSON: a discoverable credential with user verification, and the
    user's own passkeys excluded (the browser then refuses to register the same authenticator twice)."""
    rp_id, _ = relying_party()
    options = webauthn.generate_registration_options(
        rp_id=rp_id, rp_name=settings.SITE_NAME, user_id=handle, user_name=user.email,
        user_display_name=user.get_full_name() or user.email, challenge=challenge, timeout=_timeout_ms(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=_descriptors(existing),
    )
    return webauthn.options_to_json(options)


def authentication_options(*, challenge, allowed=None, user_verification=False):
    """navigator.credentials.get() options as JSON. `allowed`: the passkeys that may answer (a known user), or None
    for a discoverable-credential (passwordless) request."""
    rp_id, _ = relying_party()
    options = webauthn.generate_authentication_options(
        rp_id=rp_id, challenge=challenge, timeout=_timeout_ms(),
        allow_credentials=_descriptors(allowed) if allowed is not None else None,
        user_verification=(UserVerificationRequirement.REQUIRED if user_verification
                           else UserVerificationRequirement.PREFERRED),
    )
    return webauthn.options_to_json(options)


def verify_registration(text, challenge):
    """py_webauthn's VerifiedRegistration for the JSON the browser sent, or None when anything about it is wrong
    (malformed, another challenge, origin or RP ID, no user verification, unsupported algorithm)."""
    rp_id, origin = relying_party()
    try:
        verified = webauthn.verify_registration_response(
            credential=text, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin,
            require_user_verification=True)
    except Exception as exc:  # whatever a client sends must end in a refusal, never a 500
        logger.info("passkey registration refused: %s", exc.__class__.__name__)
        return None
    if len(verified.credential_id) > MAX_CREDENTIAL_ID_BYTES:
        return None
    return verified


def transports_of(text):
    """The transports the browser reported for a new credential (hints for later allowCredentials), or []."""
    try:
        transports = parse_registration_credential_json(text).response.transports or []
    except Exception:
        return []
    return [transport.value for transport in transports]


def parse_assertion(text):
    """The AuthenticationCredential in a navigator.credentials.get() result as JSON, or None when malformed."""
    try:
        credential = parse_authentication_credential_json(text)
    except Exception:
        return None
    if len(credential.raw_id) > MAX_CREDENTIAL_ID_BYTES or bytes_to_base64url(credential.raw_id) != credential.id:
        return None
    return credential


def verify_assertion(credential, *, challenge, passkey, user_verification=False):
    """py_webauthn's VerifiedAuthentication, or None when the signature, challenge, origin, RP ID or user verification
    is wrong. The signature counter is NOT judged here: the caller compares it with the stored one itself, so that a
    counter that did not grow can be told apart from a bad signature and audited as a possible clone."""
    rp_id, origin = relying_party()
    try:
        return webauthn.verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin,
            credential_public_key=bytes(passkey.public_key), credential_current_sign_count=0,
            require_user_verification=user_verification)
    except Exception as exc:
        logger.info("passkey assertion refused: %s", exc.__class__.__name__)
        return None
