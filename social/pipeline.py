"""The steps of a Google sign-in, run by social-core after it has checked state, nonce, PKCE and the ID token.

details → uid → allowed → existing association → account resolution → hand-over (social.strategy.PIPELINE).
The last step never calls Django's login(): it hands the account to accounts' login pipeline (begin_login), so the
second factor, staff enrolment, the session policy, the audit and the new-device alert apply as for a password.
Nothing from the token response is stored.
"""

from django.contrib.messages import constants as levels
from django.urls import reverse

from accounts.flows.login import begin_login
from social.flows import resolve
from social.flows.failures import fail
from social.flows.identity import identity_from
from social.flows.links import linked_user
from social.flows.resolve import CONNECTED, SIGN_IN
from social.flows.signin import Handover, login_page, with_next


def google_details(backend, response, *args, **kwargs):
    return {"identity": identity_from(backend.id_token, response)}


def google_uid(identity, *args, **kwargs):
    return {"uid": identity.sub}


def google_allowed(backend, strategy, identity, response, *args, **kwargs):
    # email_verified is checked by the backend before this step; this is social-auth's own allow-list
    # (SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_WHITELISTED_DOMAINS / _EMAILS), when a site sets one.
    if not backend.auth_allowed(response, {"email": identity.email}):
        raise fail(strategy.request, "not_allowed")


def existing_association(uid, *args, **kwargs):
    return {"linked": linked_user(uid)}


def resolve_account(strategy, identity, linked, *args, connecting_user=None, **kwargs):
    return {"resolution": resolve.resolve_account(strategy.request, identity, linked=linked, connecting_user=connecting_user)}


def hand_over(strategy, resolution, *args, start=None, **kwargs):
    request = strategy.request
    start = start or {}
    next_url = start.get("next", "")
    if resolution.kind == CONNECTED:
        return Handover(reverse("accounts:account"), "Google sign-in is connected to your account.", levels.SUCCESS)
    if resolution.kind == SIGN_IN:
        stage_url = begin_login(request, resolution.user, method="google", remember=start.get("remember", False))
        if stage_url:  # another step first (a second factor...); it sends the user on afterwards
            return Handover(with_next(stage_url, next_url))
        return Handover(next_url or reverse("home"))
    return Handover(login_page(next_url), "An account with this email address already exists. Sign in to it with "
                    "your password to connect Google to it.", levels.INFO)

