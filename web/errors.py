"""Error replies in one vocabulary: a calm page for browsers, {"error": ...} for JSON clients.

Error pages are rendered without the request's context processors: they must work when the session store or the
database is the very thing that failed.
"""

import logging
import sys

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from web.backing import BACKING_SERVICE_ERRORS, is_backing_service_error

logger = logging.getLogger("web.errors")

TITLES = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Method not allowed",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Temporarily unavailable",
}
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_attempts",
    500: "server_error",
    503: "service_unavailable",
}


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def error_response(request, status, message=None, headers=None):
    if wants_json(request):
        body = {"error": CODES[status]}
        if message:
            body["detail"] = message
        response = JsonResponse(body, status=status)
    else:
        context = {"title": TITLES[status], "message": message, "status": status}
        if status == 403:
            context.update(_who_is_signed_in(request))
        html = render_to_string(f"errors/{status}.html", context)
        response = HttpResponse(html, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 503:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _who_is_signed_in(request):
    """For "not allowed": who is signed in, and a CSRF token for the header's "Sign out" form, so a person can see
    which account lacks the right and switch. Skipped quietly when the session store is the thing that failed."""
    from django.middleware.csrf import get_token

    user = getattr(request, "user", None)
    try:
        if user is None or not user.is_authenticated:
            return {}
        return {"user": user, "csrf_token": get_token(request)}
    except BACKING_SERVICE_ERRORS:
        return {}


def service_unavailable(request, exc=None):
    logger.error("backing service unavailable: %s: %s", type(exc).__name__ if exc else "?", exc)
    return error_response(request, 503)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    exc = sys.exc_info()[1]
    if exc is not None and is_backing_service_error(exc):
        return service_unavailable(request, exc)
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(
        request, 403, "This form has expired or was sent from another site. Go back, reload the page and try again."
    )


def method_not_allowed(request, allowed):
    return error_response(request, 405, headers={"Allow": ", ".join(allowed)})


def too_many_attempts(request, retry_after_seconds, message):
    return error_response(request, 429, message, headers={"Retry-After": str(int(retry_after_seconds))})


def refusal_response(request, refusal):
    """429 with Retry-After for a refusal (anything with .retry_after and .message): a page, or JSON for clients."""
    return too_many_attempts(request, refusal.retry_after, refusal.message)


def refused_form(request, template, form, refusal):
    """A form page answered 429: what was typed comes back (never a password), with the wait as its error."""
    form.add_error(None, refusal.message)
    response = render(request, template, {"form": form}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response
