"""Marks for views: which are public, which methods they take, and the role or permission a signed-in user needs.

Default deny: accounts.middleware.LoginBoundaryMiddleware refuses anonymous requests to every view not marked
@public. The role checks raise PermissionDenied, which the 403 handler turns into a page or JSON.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from web.errors import method_not_allowed

PUBLIC_ATTR = "authsite_public"


def public(view):
    """Anyone may reach this view, signed in or not."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def is_public(view):
    return getattr(view, PUBLIC_ATTR, False)


def methods(*allowed):
    """Only these HTTP methods reach the view; any other gets the 405 page with an Allow header.

    HEAD rides along with GET, as browsers and load balancers expect.
    """
    accepted = set(allowed) | ({"HEAD"} if "GET" in allowed else set())

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in accepted:
                return method_not_allowed(request, list(allowed))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


#: Logout, ending sessions: state changes that must never happen on a GET (a link or an <img> could trigger them).
post_only = methods("POST")


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles):
    """The user must be in at least one of these groups (roles). Superusers pass."""
    wanted = set(roles)
    return _require(lambda user: user.is_superuser or user.groups.filter(name__in=wanted).exists())


def permission_required(*perms):
    """The user must hold every one of these Django permissions."""
    return _require(lambda user: user.has_perms(perms))


def staff_required(view):
    return _require(lambda user: user.is_active and user.is_staff)(view)
