"""Turning an account off and on: operators' commands and the admin call these, so both are audited the same."""

from accounts.flows.operators import DEACTIVATE, check_operator_may_act
from accounts.flows.sessions import revoke_sessions
from accounts.mail import notify_user
from audit import events
from audit.record import record


def deactivate_account(user, *, actor, command=None, request=None):
    """The account can no longer sign in: is_active off, every session ended. One-time links die with the flag.

    `actor` is the admin's User (or the operator's "os:<name>" for a command); raises OperatorRefused when a staff
    member tries it on themselves or, without being a superuser, on a superuser. Returns the number of sessions
    ended, or None when the account was already inactive (then nothing is recorded or sent)."""
    check_operator_may_act(actor, user, DEACTIVATE)
    if not _set_active(user, False):
        return None  # already inactive (perhaps another admin, a moment ago): its sessions ended then
    ended = revoke_sessions(user, request=request, reason="account_deactivated", actor=actor)
    record(events.ACCOUNT_DEACTIVATED, request=request, user=user, actor=actor, command=command)
    notify_user(user, "account_deactivated", request=request)
    return ended


def activate_account(user, *, actor, command=None, request=None):
    """True when this call turned the account on; False when it was already active (nothing recorded or sent)."""
    check_operator_may_act(actor, user)
    if not _set_active(user, True):
        return False
    record(events.ACCOUNT_ACTIVATED, request=request, user=user, actor=actor, command=command)
    notify_user(user, "account_activated", request=request)
    return True


def _set_active(user, active):
    """Flip is_active with one conditional UPDATE. Only the request that actually flips it gets True, so two admins
    deactivating the same account at the same moment record it, end its sessions and mail the person once."""
    changed = type(user).objects.filter(pk=user.pk, is_active=not active).update(is_active=active)
    user.is_active = active
    return bool(changed)
