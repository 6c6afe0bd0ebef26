"""What we take from Google: the subject (the identity), and the verified email and name (facts about it today)."""

from dataclasses import dataclass

from accounts.addresses import normalize_email


@dataclass(frozen=True)
class GoogleIdentity:
    sub: str  # Google's stable, never-reassigned identifier: the only key an association is looked up by
    email: str  # normalized; verified by Google (the backend refuses otherwise)
    name: str


def identity_from(id_token, userinfo):
    """The identity from the validated ID token, completed by the user info (whose `sub` the backend matched)."""
    claims = {**(userinfo or {}), **(id_token or {})}  # the signed ID token wins where both speak
    return GoogleIdentity(
        sub=str(claims["sub"]),
        email=normalize_email(claims.get("email") or ""),
        name=str(claims.get("name") or "")[:150],
    )
