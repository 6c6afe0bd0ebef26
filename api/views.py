"""The API's HTTP edge: parse JSON, call a flow, answer JSON. Every rule lives in the flows.

None of these views reads the session: /api/ requests are authenticated by api.middleware.BearerTokenMiddleware
alone, so they are exempt from CSRF (a cookie riding on a cross-site request grants nothing here). The one cookie
the API reads, the refresh-token cookie, is accepted only with Content-Type: application/json and an Origin equal
to SITE_URL: a cross-site form cannot send that content type, and a cross-site script cannot forge the Origin.
"""

import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from accounts import throttle
from api import body, keys, schema
from api.conf import api_settings
from api.flows import logout as logout_flows
from api.flows.refresh import RefreshRefused
from api.flows.tokens import TokenRefused, obtain_tokens, refresh_tokens
from api.middleware import CLAIMS_ATTR
from web.decorators import methods, public
from web.errors import error_response, refusal_response

COOKIE_PATH = "/api/auth/"


def refresh_cookie_name():
    # __Secure- makes browsers refuse the cookie unless it was set over HTTPS with Secure (no __Host-: Path is not /).
    return "__Secure-refresh_token" if settings.HTTPS else "refresh_token"


def _no_store(response):
    response["Cache-Control"] = "no-store"  # RFC 6749 §5.1: token replies are never cached
    response["Pragma"] = "no-cache"
    return response


def _error(status, code):
    return _no_store(JsonResponse({"error": code}, status=status))


def _tokens_response(tokens, *, cookie):
    reply = {"access_token": tokens.access_token, "token_type": "Bearer", "expires_in": tokens.expires_in}
    if not cookie:
        reply["refresh_token"] = tokens.refresh_token
    response = _no_store(JsonResponse(reply))
    if cookie:
        response.set_cookie(refresh_cookie_name(), tokens.refresh_token, expires=tokens.refresh_expires_at,
                            path=COOKIE_PATH, secure=True, httponly=True, samesite="Strict")
    return response


def _forget_cookie(response):
    response.delete_cookie(refresh_cookie_name(), path=COOKIE_PATH, samesite="Strict")
    return response


def _same_origin(request):
    return request.headers.get("Origin") == settings.SITE_URL


def _refresh_token_of(request, data):
    """(token, from_cookie): the body's refresh_token, else the cookie's, which only a same-origin JSON request
    may use; (None, False) when there is neither."""
    if "refresh_token" in data:
        return data["refresh_token"], False
    cookie = request.COOKIES.get(refresh_cookie_name())
    if cookie and body.is_json(request) and _same_origin(request):
        return cookie, True
    return None, False


@csrf_exempt
@public
@sensitive_post_parameters()
@sensitive_variables()
@methods("POST")
def token(request):
    try:
        data = body.parse(request, schema.token_request())
        tokens = obtain_tokens(request, email=data["email"], password=data["password"], otp=data.get("otp"),
                               remember=data.get("remember", False))
    except body.BadRequest as bad:
        return bad.response()
    except throttle.Throttled as throttled:
        return refusal_response(request, throttled.refusal)
    except TokenRefused as refused:
        return _error(refused.status, refused.code)
    except keys.KeySetError:
        return error_response(request, 503, "The API has no signing key.")
    return _tokens_response(tokens, cookie=data.get("refresh_token_cookie", False))


@csrf_exempt
@public
@sensitive_variables()
@methods("POST")
def refresh(request):
    try:
        data = body.parse(request, schema.refresh_request())
        raw, from_cookie = _refresh_token_of(request, data)
        if raw is None:  # no credentials at all (a cookie from another origin does not count)
            return _error(401, "not_authenticated")
        tokens = refresh_tokens(request, raw)
    except body.BadRequest as bad:
        return bad.response()
    except RefreshRefused:
        response = _error(401, "invalid_token")
        return _forget_cookie(response) if request.COOKIES.get(refresh_cookie_name()) else response
    except keys.KeySetError:
        return error_response(request, 503, "The API has no signing key.")
    return _tokens_response(tokens, cookie=from_cookie)


@csrf_exempt
@sensitive_variables()
@methods("POST")
def logout(request):
    try:
        data = body.parse(request, schema.refresh_request())
    except body.BadRequest as bad:
        return bad.response()
    # The cookie needs no Origin check here: this request is authenticated by the bearer header, not by the cookie.
    raw = data.get("refresh_token") or request.COOKIES.get(refresh_cookie_name())
    logout_flows.logout(request, request.user, getattr(request, CLAIMS_ATTR), refresh_token=raw)
    return _forget_cookie(_no_store(HttpResponse(status=204)))


@csrf_exempt
@methods("POST")
def logout_all(request):
    try:
        body.parse(request, schema.empty_request())
    except body.BadRequest as bad:
        return bad.response()
    logout_flows.logout_all(request, request.user)
    return _forget_cookie(_no_store(HttpResponse(status=204)))


@csrf_exempt
@methods("GET")
def me(request):
    user = request.user
    return JsonResponse({"id": user.pk, "email": user.email, "display_name": user.display_name,
                         "email_verified": user.email_verified, "is_staff": user.is_staff,
                         "date_joined": user.date_joined.isoformat()})


@csrf_exempt
@public
@methods("GET")
def openapi(request):
    return JsonResponse(schema.document(), json_dumps_params={"indent": 1})


@csrf_exempt
@public
@methods("GET")
def jwks(request):
    """The public keys: staged, current, and retired ones whose tokens may still be alive."""
    try:
        published = keys.load().published(time.time())
    except keys.KeySetError:
        published = []  # no key set yet: nothing to publish, and nothing can have been signed
    response = JsonResponse({"keys": [key.public_jwk() for key in published]})
    response["Cache-Control"] = f"max-age={api_settings.JWKS_MAX_AGE_SECONDS}"
    return response
