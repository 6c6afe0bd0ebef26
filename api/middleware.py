"""The bearer middleware: how every /api/ request is counted and authenticated, under the default-deny boundary.

Placed after AuthenticationMiddleware and before accounts.middleware.LoginBoundaryMiddleware:

- /api/ never authenticates by the session cookie: request.user starts anonymous (the session is never read, so a
  cookie riding along on a cross-site request grants nothing and the API needs no CSRF token);
- every /api/ request is counted against the shared "api" limit (429) in the same Redis round trip that asks
  whether the presented token's jti was logged out (api.denylist);
- for a view that is not @public, `Authorization: Bearer <access token>` is verified (api.access_tokens) and its
  user loaded (api.flows.bearer, one SQL query); a bad token answers 401 {"error": "invalid_token"} or
  {"error": "token_expired"} with `WWW-Authenticate: Bearer error="invalid_token"`. No token: the boundary answers
  401 {"error": "not_authenticated"}, as for any anonymous request. @public views ignore the header.

Access tokens are taken from the Authorization header only: never from a cookie, a query string or a form field.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse

from api import access_tokens, denylist, keys
from api.flows.bearer import token_user
from web.backing import BACKING_SERVICE_ERRORS
from web.decorators import is_public
from web.errors import refusal_response, service_unavailable

API_PREFIX = "/api/"
#: Set on requests authenticated by an access token: the verified claims (the session plays no part in them).
CLAIMS_ATTR = "bearer_claims"


def bearer_token(request):
    """The token of an `Authorization: Bearer <token>` header; "" for a Bearer header without one; None otherwise."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def invalid_token_response(code):
    response = JsonResponse({"error": code}, status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    response["Cache-Control"] = "no-store"
    return response


class BearerTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        request.user = AnonymousUser()  # never the session's user under /api/
        setattr(request, CLAIMS_ATTR, None)
        token = bearer_token(request)
        claims, problem = None, None
        if token is not None:
            try:
                claims = access_tokens.verify(token)
            except access_tokens.TokenExpired:
                problem = "token_expired"
            except access_tokens.InvalidToken:
                problem = "invalid_token"
            except keys.KeySetError as exc:  # this server cannot read its key set: its fault, not the client's
                return service_unavailable(request, exc)
        try:
            refusal, denied = denylist.count_request(request, claims["jti"] if claims else None)
        except BACKING_SERVICE_ERRORS as exc:
            return service_unavailable(request, exc)
        if refusal is not None:
            return refusal_response(request, refusal)
        request._bearer = (token, claims, "invalid_token" if denied else problem)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        bearer = getattr(request, "_bearer", None)
        if bearer is None or is_public(view_func):
            return None
        token, claims, problem = bearer
        if token is None:
            return None  # no credentials: the boundary's 401 not_authenticated
        if problem is not None:
            return invalid_token_response(problem)
        try:
            request.user = token_user(claims)
        except access_tokens.InvalidToken:
            return invalid_token_response("invalid_token")
        except BACKING_SERVICE_ERRORS as exc:
            return service_unavailable(request, exc)
        setattr(request, CLAIMS_ATTR, claims)
        return None
