"""What one staff member may do to another account, whatever the door (admin action, user page, change form).

The admin's permissions say *which* operations a staff member may run; these rules say on *whom*. They live here,
beside the flows that call them, so a crafted request to any admin URL meets the same refusal. An operator running
manage.py (actor "os:<name>", a string) has shell access to the server and is not limited by them.
"""

from django.core.exceptions import PermissionDenied

DEACTIVATE = "deactivate"


class OperatorRefused(PermissionDenied):
    """The operation is not allowed on this account for this staff member; str() says why, for the admin page."""


def check_operator_may_act(actor, user, operation=None):
    """Raise OperatorRefused unless the staff member `actor` may run `operation` on `user`."""
    if not getattr(actor, "pk", None):
        return  # manage.py: the operator's OS user
    if user.is_superuser and not actor.is_superuser:
        raise OperatorRefused(f"Only a superuser may change the account of a superuser ({user.email}).")
    if operation == DEACTIVATE and actor.pk == user.pk:
        raise OperatorRefused("Nobody deactivates their own account: ask another administrator.")


def check_may_change_own_roles(actor, user, new_is_superuser):
    """A superuser never removes their own superuser flag (the last superuser could lock everyone out)."""
    if getattr(actor, "pk", None) == user.pk and user.is_superuser and not new_is_superuser:
        raise OperatorRefused("Nobody removes their own superuser flag: ask another superuser.")
