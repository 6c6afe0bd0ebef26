"""Changing a password: by the signed-in user, or by an operator's command. Both end sessions and notify.

Any password change also kills every outstanding one-time link: the links are bound to the password hash
(accounts.tokens.account_state), so there is nothing to delete here.
"""

from django.contrib.auth import update_session_auth_hash

from accounts.flows.outcome import Outcome
from accounts.flows.reauth import PASSWORD, reauthenticate
from accounts.flows.sessions import revoke_sessions
from accounts.mail import notify_user
from accounts.password_validation import check_new_password
from audit import events
from audit.record import record

OTHER_SESSIONS_ENDED = "Every other session of your account was signed out."
ALL_SESSIONS_ENDED = "Every session of your account was signed out; sign in again with the new password."


def change_own_password(request, current_password, new_password):
    """The signed-in user changes their password, proving it with the current one. An Outcome.

    Typing the current password is itself a re-authentication: it is checked by reauthenticate() (counted on the
    per-user step-up limit first, raising throttle.Throttled past it; each failure audited) and renews the step-up
    time, so the page needs no separate step-up. Raises ValidationError when the new password breaks the policy.
    """
    outcome = reauthenticate(request, PASSWORD, current_password, purpose="password_change")
    if outcome == Outcome.ACCEPTED:
        change_password(request, request.user, new_password)
    return outcome


def change_password(request, user, new_password):
    """The signed-in user's own change, once the current password has been checked (change_own_password).

    Raises ValidationError when the new password breaks the policy. This session stays signed in with a new id;
    every other session of the user ends.
    """
    check_new_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # Cycles the session key and stores the new password's session hash, so this session stays valid.
    update_session_auth_hash(request, user)
    revoke_sessions(user, keep=request.session.session_key, request=request, reason="password_changed")
    record(events.PASSWORD_CHANGED, request=request, user=user)
    notify_password_changed(user, request, how="changed from your account page", sessions_note=OTHER_SESSIONS_ENDED)


def set_password_by_operator(user, new_password, *, actor, command):
    """An operator set the password (manage.py set_password): every session ends, the owner is told.

    Raises ValidationError when the password breaks the policy: operators get no exemption.
    """
    check_new_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoke_sessions(user, reason="password_set_by_operator", actor=actor)
    record(events.PASSWORD_SET_BY_OPERATOR, user=user, actor=actor, command=command)
    notify_password_changed(user, None, how="set by our support team", sessions_note=ALL_SESSIONS_ENDED)


def notify_password_changed(user, request, *, how, sessions_note):
    notify_user(user, "password_changed", request=request, how=how, sessions_note=sessions_note)
