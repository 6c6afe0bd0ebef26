"""The 401/403 boundary, session timeouts and the 503 for a backing service that is down, for every request."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils.functional import LazyObject, empty

from accounts.flows.sessions import end_expired_session
from web.backing import BACKING_SERVICE_ERRORS
from web.decorators import is_public
from web.errors import service_unavailable, wants_json


class LoginBoundaryMiddleware:
    """Anonymous → 401 JSON or a redirect to login; expired sessions end on the server; authenticated pages no-store.

    Runs after AuthenticationMiddleware. Reading the session here is the page view's one Redis round trip.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user = loaded_user(request.user)
            expired = request.user.is_authenticated and end_expired_session(request)
        except BACKING_SERVICE_ERRORS as exc:
            return service_unavailable(request, exc)
        if expired:
            return self._refuse_anonymous(request)
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Pages for a signed-in user must not be kept by browsers or shared caches.
            response["Cache-Control"] = "no-store"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public(view_func) or request.user.is_authenticated:
            return None
        return self._refuse_anonymous(request)

    def process_exception(self, request, exception):
        # A view that finds Redis or PostgreSQL down answers a calm 503 (failures outside views: errors.server_error).
        if isinstance(exception, BACKING_SERVICE_ERRORS):
            return service_unavailable(request, exception)
        return None

    def _refuse_anonymous(self, request):
        if wants_json(request):
            response = JsonResponse({"error": "not_authenticated"}, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="api"' if request.path.startswith("/api/") else "Session"
            return response
        login_url = resolve_url(settings.LOGIN_URL)
        return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")


def loaded_user(user):
    """The user itself in place of Django's lazy wrapper around it (AuthenticationMiddleware's request.user).

    The wrapper defers reading the session until something asks who the user is. The boundary asks on every
    request, so the deferral saves nothing here, while every later read through the wrapper (the middleware after
    this one, the view, each {{ user.… }} in a template) costs a detour through the proxy. Loading it here (the
    page view's one Redis and one SQL round trip) and handing on the user itself makes those plain attribute reads.
    A user that is not wrapped (the API's, set by api.middleware) is returned as it is.
    """
    if not isinstance(user, LazyObject):
        return user
    if user._wrapped is empty:
        user._setup()
    return user._wrapped
