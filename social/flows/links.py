"""The association between an account and a Google identity (social_django's UserSocialAuth row).

A row holds the provider name, the Google `sub` and the account; nothing else. social-auth's `extra_data` stays
empty: no access, refresh or ID token is ever written to the database.
"""


from django.db import IntegrityError, transaction
from social_django.models import UserSocialAuth

from accounts.mail import notify_user
from audit import events
from audit.record import record
from social.backends import BACKEND_NAME


def _links():
    return UserSocialAuth.objects.filter(provider=BACKEND_NAME)


def linked_user(sub):
    """The account this Google identity is linked to, or None."""
    link = _links().select_related("user").filter(uid=sub).first()
    return link.user if link is not None else None


def google_link(user):
    """The user's Google association, or None."""
    return _links().filter(user=user).first()


def google_sign_in_method(user):
    """settings AUTHSITE_SIGN_IN_METHODS: a linked Google identity is a way in."""
    return "google" if google_link(user) is not None else None


def link_google(request, user, identity, *, how):
    """Link the Google identity to `user` (audited, emailed). Returns False when the identity is already taken.

    `how` says which door linked it: "connect" (from the account page), "after_password" (the user proved the
    account with its password first), "reclaim" or "signup".
    """
    try:
        with transaction.atomic():
            UserSocialAuth.objects.create(user=user, provider=BACKEND_NAME, uid=identity.sub, id_key="sub",
                                          extra_data={})
    except IntegrityError:  # linked to someone else meanwhile (the unique provider+uid constraint)
        return False
    record(events.GOOGLE_LINKED, request=request, user=user, how=how)
    _tell(user, "google_linked", request)
    return True


def unlink_google(request, user):
    """Remove the user's Google association (audited, emailed)."""
    deleted, _ = _links().filter(user=user).delete()
    if deleted:
        record(events.GOOGLE_UNLINKED, request=request, user=user)
        _tell(user, "google_unlinked", request)
    return bool(deleted)


def _tell(user, template, request):
    notify_user(user, template, request=request)
