"""Turning an account off and on: operators' commands and the admin call these, so both are audited the same."""

from accounts.flows.operators import DEACTIVATE, check_operator_may_act
from accounts.flows.sessions import revoke_sessions
from accounts.mail import notify_user
from audit import events
from audit.record import record


def deactivate_account(user, *, actor, command=None, request=None):
    """The account can no longer sign in: is_active off, every session ended. One-time links die with the flag.

    `actor` is the admin's User (or the operator's "os:<name>" for a command); raises OperatorRefused when a staff
    member tries it on themselves or, without being a superuser, on a superuser."""
    check_operator_may_act(actor, user, DEACTIVATE)
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = revoke_sessions(user, request=request, reason="account_deactivated", actor=actor)
    record(events.ACCOUNT_DEACTIVATED, request=request, user=user, actor=actor, command=command)
    notify_user(user, "account_deactivated", request=request)
    return ended


def activate_account(user, *, actor, command=None, request=None):
    check_operator_may_act(actor, user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(events.ACCOUNT_ACTIVATED, request=request, user=user, actor=actor, command=command)
    notify_user(user, "account_activated", request=request)
