"""The user actions of the admin (bulk from the list, one by one from the user page), each through the same flow
as the pages and the manage.py commands, with the acting admin (and, through the request, their IP) audited."""

from accounts import throttle
from accounts.admin.confirm import confirmed_action
from accounts.flows.account_status import activate_account, deactivate_account
from accounts.flows.operators import DEACTIVATE
from accounts.flows.reset import send_reset_link
from accounts.flows.sessions import revoke_sessions


@confirmed_action(description="End all sessions", permissions=["end_sessions"],
                  done="Ended the sessions of {count} of {total} selected user(s).")
def end_sessions(request, user):
    return revoke_sessions(user, request=request, reason="operator", actor=request.user) > 0


@confirmed_action(description="Clear the login lock", permissions=["unlock_user"],
                  done="Unlocked {count} of {total} selected account(s).")
def clear_login_lock(request, user):
    return throttle.clear_account_lock(user.email, actor=request.user, request=request)


@confirmed_action(description="Send a password-reset email", permissions=["send_password_reset"],
                  done="Sent a password-reset email to {count} of {total} selected user(s) (inactive ones skipped).")
def send_password_reset(request, user):
    if not user.is_active:
        return False  # a reset must not become a way around deactivation
    send_reset_link(user, request=request, actor=request.user)
    return True


@confirmed_action(description="Deactivate", permissions=["change_user_status"], operation=DEACTIVATE,
                  warning="They can no longer sign in, and every session of theirs ends now.",
                  done="Deactivated {count} of {total} selected user(s).")
def deactivate(request, user):
    return deactivate_account(user, actor=request.user, request=request) is not None


@confirmed_action(description="Reactivate", permissions=["change_user_status"],
                  done="Reactivated {count} of {total} selected user(s).")
def reactivate(request, user):
    return activate_account(user, actor=request.user, request=request)


USER_ACTIONS = [end_sessions, clear_login_lock, send_password_reset, deactivate, reactivate]
