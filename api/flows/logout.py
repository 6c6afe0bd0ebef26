"""Ending API access: one device (logout) or everything the user has signed in with (logout-all)."""

from accounts.flows.sessions import revoke_sessions
from api import denylist
from api.flows.refresh import family_of, revoke_family, revoke_user_families
from audit import events
from audit.record import record


def logout(request, user, claims, refresh_token=None):
    """This access token is refused from now on (Redis denylist until it expires); the refresh-token family of
    `refresh_token`, when it is the user's own, is revoked in PostgreSQL."""
    denylist.deny(claims["jti"], claims["exp"])
    family = family_of(refresh_token) if refresh_token else None
    ended_family = family is not None and family.user_id == user.pk and revoke_family(family, reason="logout")
    record(events.API_LOGOUT, request=request, user=user, refresh_family_revoked=bool(ended_family))


def logout_all(request, user):
    """Every access token, refresh token and browser session of the user stops working at its next request.

    revoke_sessions() stamps credentials_revoked_at (refusing every access token and refresh family issued before
    it, durably) and ends the browser sessions; the families are also marked revoked so lists show them dead.
    """
    revoke_sessions(user, request=request, reason="api_logout_all")
    revoke_user_families(user, reason="logout_all")
