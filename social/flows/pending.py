"""Linking Google to an existing verified account only after that account's own password (and code) has been given.

When a new Google identity carries the email of a verified account, whoever holds the Google account may not be
that account's owner yet (an address can change hands, or the account may predate the Google account). So nobody is
signed in: the offer waits in this browser's session for GOOGLE_PENDING_LINK_SECONDS, and the login stage below
links Google once that very account has signed in by another method and passed every other stage.
"""

import time

from django.contrib import messages

from accounts.addresses import normalize_email
from accounts.flows.login import pending_method
from audit import events
from audit.record import record
from social.conf import social_settings
from social.flows.identity import GoogleIdentity
from social.flows.links import google_link, link_google, linked_user

PENDING_LINK = "_social_google_pending_link"
#: The stage's name in the login pipeline (settings AUTHSITE_LOGIN_STAGES).
STAGE = "google_link"


def offer_link_after_password(request, identity, user):
    expires = int(time.time()) + social_settings.GOOGLE_PENDING_LINK_SECONDS
    request.session[PENDING_LINK] = {"sub": identity.sub, "email": identity.email, "name": identity.name,
                                     "user_id": user.pk, "expires": expires}
    record(events.GOOGLE_LINK_OFFERED, request=request, user=user)


def link_after_password(request, user, pending):
    """Login stage: link the waiting Google identity when the account it was offered to has just signed in.

    Never asks anything (returns None): it only acts, at the end of a login that has passed every earlier stage.
    """
    offer = request.session.get(PENDING_LINK)
    if not offer:
        return None
    if pending_method(pending) == "google":
        return None  # a Google sign-in of another identity; the offer is for a password (or passkey) sign-in
    request.session.pop(PENDING_LINK, None)  # one chance, for one account
    if offer.get("expires", 0) < time.time():
        return None
    if offer.get("user_id") != user.pk or normalize_email(user.email) != offer.get("email"):
        return None  # the offer applies only to the account with that email
    if google_link(user) is not None or linked_user(offer["sub"]) is not None:
        return None
    identity = GoogleIdentity(sub=offer["sub"], email=offer["email"], name=offer.get("name", ""))
    if link_google(request, user, identity, how="after_password"):
        messages.success(request, "Google sign-in is now connected to your account.")
    return None
