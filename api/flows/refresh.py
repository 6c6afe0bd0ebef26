"""Refresh-token families: start one at login, rotate on every use, revoke a whole family.

Rotation is one conditional UPDATE (`... WHERE id = %s AND rotated_at IS NULL`) on the token row: under parallel
requests PostgreSQL lets exactly one of them change the row; every other request sees an already-rotated token and
is treated as what it is indistinguishable from, a replay: the family is revoked, the event audited, the user told.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.mail import notify_user
from api.conf import api_settings
from api.models import RefreshFamily, RefreshToken
from audit import events
from audit.client import client_ip, user_agent
from audit.record import record

TOKEN_BYTES = 32  # 256 bits


class RefreshRefused(Exception):
    """The refresh token is unknown, rotated, revoked, past its family's end, or its user can no longer sign in."""


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token(family, now):
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    RefreshToken.objects.create(family=family, digest=digest(raw), created_at=now)
    return raw


def start_family(request, user, *, remember):
    """A new family for a login that just passed every factor. Returns (raw refresh token, family)."""
    now = timezone.now()
    lifetime = api_settings.REMEMBER_REFRESH_SECONDS if remember else api_settings.REFRESH_SECONDS
    with transaction.atomic():
        family = RefreshFamily.objects.create(
            user=user, created_at=now, expires_at=now + timedelta(seconds=lifetime), remember=remember,
            ip=client_ip(request), user_agent=user_agent(request))
        raw = _new_token(family, now)
    return raw, family


def revoked_since(user, moment):
    """True when the user's credentials were revoked (logout-all, password change, ...) at or after `moment`."""
    return user.credentials_revoked_at is not None and moment <= user.credentials_revoked_at


def rotate(request, raw):
    """Spend `raw` and return (user, new raw token, family); raises RefreshRefused."""
    now = timezone.now()
    token = RefreshToken.objects.select_related("family__user").filter(digest=digest(raw)).first()
    if token is None:
        raise RefreshRefused("unknown")
    family, user = token.family, token.family.user
    if token.rotated_at is not None:
        _replayed(request, family)
        raise RefreshRefused("reused")
    if (family.revoked_at is not None or now >= family.expires_at or not user.is_active
            or revoked_since(user, family.created_at)):
        raise RefreshRefused("dead family")
    with transaction.atomic():
        won = RefreshToken.objects.filter(pk=token.pk, rotated_at__isnull=True).update(rotated_at=now)
        new_raw = _new_token(family, now) if won else None
    if new_raw is None:  # another request rotated it a moment ago: the same token was presented twice
        _replayed(request, family)
        raise RefreshRefused("reused")
    return user, new_raw, family


def family_of(raw):
    token = RefreshToken.objects.select_related("family").filter(digest=digest(raw)).first()
    return token.family if token else None


def revoke_family(family, *, reason):
    """Revoke one family (idempotent). True when this call revoked it."""
    return bool(RefreshFamily.objects.filter(pk=family.pk, revoked_at__isnull=True)
                .update(revoked_at=timezone.now(), revoked_reason=reason))


def revoke_user_families(user, *, reason):
    """Revoke every live family of the user. Returns how many."""
    return RefreshFamily.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason)


def _replayed(request, family):
    """A rotated token came back: someone holds a copy. Revoke the family, once audit and email the user."""
    if not revoke_family(family, reason="reuse"):
        return  # already revoked (e.g. by the parallel request that found the replay first): one alert is enough
    user = family.user
    record(events.API_REFRESH_REUSED, request=request, user=user, family=family.pk)
    notify_user(user, "api_refresh_reused", request=request)  # queued: no mail server on the request's path
