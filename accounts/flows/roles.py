"""Operators creating, deleting and changing the roles of accounts in the admin: each is recorded, so the audit
trail answers "who made this person staff?" and "who deleted that account?"."""

from accounts.flows.operators import check_operator_may_act
from accounts.flows.sessions import revoke_sessions
from audit import events
from audit.record import record


def roles_of(user):
    """What the account may do, as plain data: flags, group names, permission codenames."""
    return {
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def record_roles_change(user, before, *, actor, request=None):
    """After the admin saved the account: one event naming what changed, when something did."""
    after = roles_of(user)
    changed = {name: {"from": before[name], "to": after[name]} for name in after if before[name] != after[name]}
    if changed:
        record(events.ROLES_CHANGED, request=request, user=user, actor=actor, changes=changed)
    return bool(changed)


def record_account_created(user, *, actor, request=None):
    record(events.ACCOUNT_CREATED_BY_OPERATOR, request=request, user=user, actor=actor, roles=roles_of(user))


def delete_account(user, *, actor, request=None):
    """Delete the account: its sessions end first, and the trail keeps who deleted which address (the events
    themselves stay, with the user emptied)."""
    check_operator_may_act(actor, user)
    revoke_sessions(user, request=request, reason="account_deleted", actor=actor)
    record(events.ACCOUNT_DELETED, request=request, user=user, actor=actor, email=user.email, user_id=user.pk)
    user.delete()
