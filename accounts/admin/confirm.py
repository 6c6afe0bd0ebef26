"""Admin actions that ask first and obey the operator rules, for accounts and for other apps' parts.

    @confirmed_action(description="End all sessions", permissions=["end_sessions"],
                      done="Ended the sessions of {count} of {total} user(s).")
    def end_sessions(request, user):      # one user; True when something changed
        ...call the flow...

The result is a normal admin action (modeladmin, request, queryset): the first POST (from the users list or the
user page) answers a confirmation page naming the users; only its "Yes" button (confirmed=yes) runs the flow, once
per user. A user the acting staff member may not touch (accounts.flows.operators) is skipped with the reason.
`permissions` are the UserAdmin's has_<name>_permission checks: the accounts.User permissions end_sessions,
unlock_user, send_password_reset, change_user_status, or "superuser".
"""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from accounts.flows.operators import OperatorRefused, check_operator_may_act

CONFIRMED = "confirmed"


def confirmed_action(*, description, permissions, done, operation=None, warning=""):
    def decorator(apply):
        @wraps(apply)
        def action(modeladmin, request, queryset):
            users = list(queryset)
            if request.POST.get(CONFIRMED) != "yes":
                return _confirmation_page(modeladmin, request, users, apply.__name__, description, warning)
            changed, refusals = 0, []
            for user in users:
                try:
                    check_operator_may_act(request.user, user, operation)
                    changed += bool(apply(request, user))
                except OperatorRefused as refusal:
                    refusals.append(str(refusal))
            modeladmin.message_user(request, done.format(count=changed, total=len(users)), messages.SUCCESS)
            for refusal in refusals:
                modeladmin.message_user(request, refusal, messages.ERROR)
            return None

        return admin.action(description=description, permissions=permissions)(action)

    return decorator


def _confirmation_page(modeladmin, request, users, name, description, warning):
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"{description}: are you sure?",
        "opts": opts,
        "users": users,
        "action_name": name,
        "description": description,
        "warning": warning,
        "selected_field": helpers.ACTION_CHECKBOX_NAME,
        "confirmed_field": CONFIRMED,
    }
    return TemplateResponse(request, "admin/accounts/user/confirm_action.html", context)
