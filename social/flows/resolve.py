"""Which account a verified Google identity signs in to: the linking policy, keyed on `sub`, never on the email.

- a known `sub` → its account, whatever that account's email is today;
- someone signed in and connecting from the account page → linked to that account;
- a new `sub` whose email belongs to a *verified* account → nobody is signed in: the person must first sign in to
  that account with its password (and code); a login stage then links Google (social.flows.pending);
- a new `sub` whose email belongs to an *unverified* account → Google has just proved the mailbox: the account is
  reclaimed (password unusable, sessions ended, email verified), linked and signed in. A squatter who signed up
  with someone else's address keeps nothing;
- a new `sub` with an unknown email → a new verified account without a usable password, unless sign-up is closed.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.conf import accounts_settings
from accounts.flows.sessions import revoke_sessions
from audit import events
from audit.record import record
from social.flows.failures import fail
from social.flows.links import google_link, link_google
from social.flows.pending import offer_link_after_password

SIGN_IN = "sign_in"  # the account is known: go through the login stages
CONNECTED = "connected"  # linked to the signed-in account
SIGN_IN_WITH_PASSWORD_FIRST = "password_first"  # the offer to link waits for a password sign-in


@dataclass(frozen=True)
class Resolution:
    kind: str
    user: object = None


def resolve_account(request, identity, *, linked, connecting_user=None):
    """A Resolution, or raises GoogleSignInFailed (audited). `linked` is the account the `sub` is linked to."""
    if connecting_user is not None:
        return _connect(request, identity, linked, connecting_user)
    if linked is not None:
        if not linked.is_active:
            raise fail(request, "account_inactive", user=linked)
        return Resolution(SIGN_IN, linked)
    owner = get_user_model().objects.filter(email=identity.email).first()
    if owner is None:
        return Resolution(SIGN_IN, _create_account(request, identity))
    if not owner.is_active:
        raise fail(request, "account_inactive", user=owner)
    if google_link(owner) is not None:
        # The address's account already has a *different* Google identity: never a second one by email.
        raise fail(request, "email_has_other_google", user=owner)
    if owner.email_verified:
        offer_link_after_password(request, identity, owner)
        return Resolution(SIGN_IN_WITH_PASSWORD_FIRST, owner)
    return Resolution(SIGN_IN, _reclaim(request, identity, owner))


def _connect(request, identity, linked, user):
    if linked is not None:
        if linked.pk == user.pk:
            return Resolution(CONNECTED, user)  # already connected: nothing to do
        raise fail(request, "identity_in_use", user=user)
    if google_link(user) is not None:
        raise fail(request, "other_google_linked", user=user)
    if not link_google(request, user, identity, how="connect"):
        raise fail(request, "identity_in_use", user=user)
    return Resolution(CONNECTED, user)


def _create_account(request, identity):
    if not accounts_settings.SIGNUP_OPEN:
        raise fail(request, "signup_closed")
    User = get_user_model()
    try:
        with transaction.atomic():
            user = User.objects.create_user(identity.email, None, display_name=identity.name, email_verified=True)
    except IntegrityError:  # the address was registered a moment ago by another request: start over
        raise fail(request, "failed") from None
    record(events.GOOGLE_ACCOUNT_CREATED, request=request, user=user)
    if not link_google(request, user, identity, how="signup"):
        raise fail(request, "identity_in_use", user=user)
    return user


def _reclaim(request, identity, squatted):
    """Google proved the mailbox of an address whose account never proved it: the account becomes the owner's."""
    with transaction.atomic():
        user = type(squatted).objects.select_for_update().get(pk=squatted.pk)
        user.set_unusable_password()
        user.email_verified = True
        user.display_name = identity.name or user.display_name
        user.save(update_fields=["password", "email_verified", "display_name"])
    revoke_sessions(user, request=request, reason="google_reclaim")
    record(events.GOOGLE_ACCOUNT_RECLAIMED, request=request, user=user)
    if not link_google(request, user, identity, how="reclaim"):
        raise fail(request, "identity_in_use", user=user)
    return user
