"""The OpenAPI 3.1 document of the API, written by hand, served at GET /api/schema.

The request-body schemas here are also what the views check bodies against (api.body), so the document cannot drift
from what the server accepts. tests/api/test_schema.py proves every /api/ URL is listed, and schemathesis fuzzes the
live server against it.
"""

from django.conf import settings

from accounts.conf import accounts_settings
from api.conf import api_settings

NO_NUL = "^[^\\u0000]*$"  # PostgreSQL text cannot hold NUL; such an email can belong to no account


def token_request():
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["email", "password"],
        "properties": {
            "email": {"type": "string", "minLength": 1, "maxLength": 254, "pattern": NO_NUL},
            "password": {"type": "string", "minLength": 1, "maxLength": accounts_settings.PASSWORD_MAX_LENGTH},
            "otp": {"type": "string", "minLength": 1, "maxLength": 64,
                    "description": "A code from the authenticator app, or a recovery code. Required when the "
                                   "account has two-factor authentication."},
            "remember": {"type": "boolean", "description": "Refresh tokens live 30 days instead of 7."},
            "refresh_token_cookie": {
                "type": "boolean",
                "description": "Browsers: send the refresh token in an HttpOnly cookie (Path=/api/auth/) "
                               "instead of the body."},
        },
    }


def refresh_request():
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "refresh_token": {"type": "string", "minLength": 1, "maxLength": 128,
                              "description": "Omit it to use the refresh-token cookie (then the request must "
                                             "carry an Origin equal to the site's)."},
        },
    }


def empty_request():
    return {"type": "object", "additionalProperties": False, "properties": {}}


ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string"},
        "detail": {"type": "string"},
        "field": {"type": "string"},
    },
}
TOKENS = {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in"],
    "properties": {
        "access_token": {"type": "string"},
        "token_type": {"const": "Bearer"},
        "expires_in": {"type": "integer"},
        "refresh_token": {"type": "string", "description": "Absent when it was set as a cookie."},
    },
}
ME = {
    "type": "object",
    "required": ["id", "email", "display_name", "email_verified", "is_staff"],
    "properties": {
        "id": {"type": "integer"},
        "email": {"type": "string"},
        "display_name": {"type": "string"},
        "email_verified": {"type": "boolean"},
        "is_staff": {"type": "boolean"},
        "date_joined": {"type": "string", "format": "date-time"},
    },
}
JWKS = {
    "type": "object",
    "required": ["keys"],
    "properties": {"keys": {"type": "array", "items": {"type": "object", "required": ["kty", "kid", "alg"]}}},
}


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses):
    descriptions = {
        400: "Malformed JSON or a bad field (named in `field`).",
        401: "Not authenticated, or the credentials or token were refused (`error` says which).",
        403: "Not allowed (e.g. `mfa_enrolment_required`).",
        405: "Wrong method.",
        429: "Too many attempts: wait Retry-After seconds.",
        503: "A backing service is down.",
    }
    return {str(status): _json(ERROR, descriptions[status]) for status in statuses}


def _operation(summary, ok, *, body=None, body_required=False, secured=False, errors=(405, 429, 503)):
    operation = {
        "summary": summary,
        "responses": {**ok, **_errors(*sorted({*errors, 405, 503}))},
        "security": [{"bearer": []}] if secured else [],
    }
    if body is not None:
        operation["requestBody"] = {"required": body_required, "content": {"application/json": {"schema": body}}}
    return operation


def document():
    bearer_errors = (401, 405, 429, 503)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SITE_NAME} API",
            "version": "1",
            "description": (
                f"Access tokens are RS256/EdDSA JWTs valid {api_settings.ACCESS_TOKEN_SECONDS} s, sent as "
                "`Authorization: Bearer <token>`. Refresh tokens are opaque, single use and rotate on every "
                "refresh; presenting a used one revokes its whole family. Keys: /.well-known/jwks.json."),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "paths": {
            "/api/auth/token": {"post": _operation(
                "Sign in with email, password and (when enrolled) a second-factor code",
                {"200": _json(TOKENS, "Tokens (RFC 6749 §5.1 names).")},
                body=token_request(), body_required=True, errors=(400, 401, 403, 429))},
            "/api/auth/refresh": {"post": _operation(
                "Trade a refresh token for new tokens (the old one is spent)",
                {"200": _json(TOKENS, "New tokens.")}, body=refresh_request(), errors=(400, 401, 403, 429))},
            "/api/auth/logout": {"post": _operation(
                "Log this device out: the access token is refused from now on, the refresh token's family revoked",
                {"204": {"description": "Logged out."}}, body=refresh_request(), secured=True,
                errors=(400, *bearer_errors))},
            "/api/auth/logout-all": {"post": _operation(
                "Log out everywhere: every token and browser session of the user",
                {"204": {"description": "Every credential revoked."}}, body=empty_request(), secured=True,
                errors=(400, *bearer_errors))},
            "/api/me": {"get": _operation("The signed-in user", {"200": _json(ME, "The user.")}, secured=True,
                                          errors=bearer_errors)},
            "/api/schema": {"get": _operation("This document", {"200": _json({"type": "object"}, "OpenAPI 3.1.")})},
            "/.well-known/jwks.json": {"get": _operation(
                "The public keys that verify access tokens (RFC 7517)", {"200": _json(JWKS, "The key set.")})},
        },
    }
