"""Who an access token speaks for: one SQL query per API request (the user row), nothing else.

A token verified by api.access_tokens is still refused when its user is gone or deactivated, or when the user's
credentials were revoked at or after the token's iat (logout-all, password change or reset, deactivation, operator
revocation: accounts.flows.sessions.revoke_sessions stamps credentials_revoked_at). That stamp lives in PostgreSQL,
on the very row this query loads anyway, so it costs nothing extra and survives a Redis failover.
"""

from django.contrib.auth import get_user_model

from api.access_tokens import InvalidToken


def token_user(claims):
    """The active user the verified `claims` name; raises InvalidToken otherwise."""
    subject = claims["sub"]
    if not subject.isascii() or not subject.isdigit() or len(subject) > 19:
        raise InvalidToken("sub")
    User = get_user_model()
    try:
        user = User.objects.get(pk=int(subject))  # .get(), not .first(): no ORDER BY on the hot path
    except User.DoesNotExist:
        raise InvalidToken("user") from None
    if not user.is_active:
        raise InvalidToken("user")
    revoked_at = user.credentials_revoked_at
    # iat is whole seconds, the stamp is sub-second: see api.access_tokens.issued_at for why this compares right.
    if revoked_at is not None and claims["iat"] < revoked_at.timestamp():
        raise InvalidToken("revoked")
    return user
