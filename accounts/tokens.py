"""One-time links (email verification, password reset, email change): issue, check, consume.

Why rows in PostgreSQL rather than keys in Redis: a verification link lives 24 hours and must survive a Redis
restart or failover; "used" is decided by one conditional UPDATE, which PostgreSQL makes atomic across every app
server; and expiry is compared with the application clock, which tests can move. Expired rows are purged whenever a
new link is issued.

A link carries the user id (base64) and a 256-bit random secret. Only SHA-256(secret) is stored: the secret is
random, not a password, so a fast hash is enough to make a stolen table useless. A link is valid only while the
account's state fingerprint (password hash, email, active flag; keyed with SECRET_KEY) is what it was at issue time.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import OneTimeLink

STATE_SALT = "accounts.tokens.state"


def account_state(user, secret=None):
    """A fingerprint that changes whenever the password (any route: set_password changes the salt), the email or the
    active flag changes. Keyed with SECRET_KEY (or `secret`)."""
    value = f"{user.pk}|{user.password}|{user.email}|{int(user.is_active)}"
    return salted_hmac(STATE_SALT, value, secret=secret, algorithm="sha256").hexdigest()


def state_matches(stored, user):
    """Does the stored fingerprint match the account now, under SECRET_KEY or a SECRET_KEY_FALLBACKS key? (A link
    mailed just before a key rotation keeps working, as Django's own signed values do.)"""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return any(constant_time_compare(stored, account_state(user, secret=key)) for key in keys)


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user, purpose, lifetime_seconds, *, new_email=""):
    """A new link for `user`: returns (uidb64, secret) for the URL. The secret exists only in the mail.

    `new_email` is what a CHANGE_EMAIL link carries: the address it moves the account to.
    """
    now = timezone.now()
    OneTimeLink.objects.filter(expires_at__lt=now).delete()
    secret = secrets.token_urlsafe(32)
    OneTimeLink.objects.create(
        user=user, purpose=purpose, secret_hash=_hash(secret), state=account_state(user),
        created_at=now, expires_at=now + timedelta(seconds=lifetime_seconds), new_email=new_email,
    )
    return urlsafe_base64_encode(force_bytes(user.pk)), secret


def find(uidb64, secret, purpose):
    """The live link for these URL parts, or None. Does not use it up (a page may show a form first)."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    if not secret or len(secret) > 128:
        return None
    link = (
        OneTimeLink.objects.select_related("user")
        .filter(secret_hash=_hash(secret), purpose=purpose, user_id=user_id)
        .first()
    )
    return link if link is not None and _is_live(link) else None


def find_by_id(link_id, purpose):
    """The live link with this id (kept in a session after find() succeeded), or None."""
    link = OneTimeLink.objects.select_related("user").filter(pk=link_id, purpose=purpose).first()
    return link if link is not None and _is_live(link) else None


def _is_live(link):
    return (
        link.used_at is None
        and link.expires_at > timezone.now()
        and state_matches(link.state, link.user)
    )


def consume(link_id, purpose):
    """Use the link up: the user (row-locked) when this call is the one that used it, else None.

    Call inside transaction.atomic(). Two parallel calls cannot both win: the UPDATE that sets used_at only matches
    an unused row, and PostgreSQL serialises the two updates on that row.
    """
    now = timezone.now()
    used = OneTimeLink.objects.filter(
        pk=link_id, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        return None
    link = OneTimeLink.objects.get(pk=link_id)
    # Locking the user row orders this against a concurrent password change; then the fingerprint must still match.
    user = get_user_model().objects.select_for_update().get(pk=link.user_id)
    if not state_matches(link.state, user):
        return None
    return user


def use_link(link_id, purpose, then):
    """Consume the link and, in the same transaction, call then(user). Returns then's result, or None if refused."""
    with transaction.atomic():
        user = consume(link_id, purpose)
        return None if user is None else then(user)


def withdraw(user, secret, purpose):
    """Delete a link that was issued but never delivered (its mail could not be sent), so no live link is left."""
    OneTimeLink.objects.filter(user=user, purpose=purpose, secret_hash=_hash(secret)).delete()
