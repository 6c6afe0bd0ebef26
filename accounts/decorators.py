"""Marks for views: public ones, and the role or permission a signed-in user needs.

Default deny: authsite.middleware.LoginBoundaryMiddleware refuses anonymous requests to every view not marked
@public. The role checks raise PermissionDenied, which the 403 handler turns into a page or JSON.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

PUBLIC_ATTR = "authsite_public"


def public(view):
    """Anyone may reach this view, signed in or not."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def is_public(view):
    return getattr(view, PUBLIC_ATTR, False)


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


def post_only(view):
    """Only POST reaches the view; anything else gets the 405 page with an Allow header (logout, session ends)."""
    from authsite.errors import method_not_allowed

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return method_not_allowed(request, ["POST"])
        return view(request, *args, **kwargs)

    return wrapped
