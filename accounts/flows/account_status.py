"""Turning an account off and on (operators' commands; the admin may call these too)."""

from accounts.flows.sessions import revoke_sessions
from audit import events
from audit.record import record


def deactivate_account(user, *, actor, command=None):
    """The account can no longer sign in: is_active off, every session ended. One-time links die with the flag."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = revoke_sessions(user, reason="account_deactivated", actor=actor)
    record(events.ACCOUNT_DEACTIVATED, user=user, actor=actor, command=command)
    return ended


def activate_account(user, *, actor, command=None):
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(events.ACCOUNT_ACTIVATED, user=user, actor=actor, command=command)
