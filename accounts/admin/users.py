"""The users list and the user page.

No side doors: there is no password page (<id>/password/ answers 404), "active" and the email address change only
through their flows (accounts.flows.account_status, accounts.flows.email_change), every action is a flow with a
confirmation page, and the rules on *whom* a staff member may change live in accounts.flows.operators. Only
superusers see or post the role fields; a crafted POST carrying them from anyone else is refused with 403.

The list costs a fixed number of SQL queries and two Redis round trips whatever the page size: other apps' columns
come from annotations (parts.annotate), the lock column and filter share one read of the locked accounts, and the
page's session counts come from one pipeline (UserChangeList).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse

from accounts import throttle
from accounts.admin import parts
from accounts.admin.actions import USER_ACTIONS
from accounts.admin.forms import UserChangeForm, UserCreationForm
from accounts.admin.lockouts import lockouts_view
from accounts.admin.user_page import end_one_session, user_page_sections
from accounts.flows.account_status import activate_account, deactivate_account
from accounts.flows.email_change import change_email_by_operator
from accounts.flows.operators import DEACTIVATE, check_operator_may_act
from accounts.flows.roles import delete_account, record_account_created, record_roles_change, roles_of
from accounts.models import User
from accounts.sessions import index as session_index
from web.decorators import post_only
from web.errors import bad_request
from web.query import has_nul

# Only superusers change these, see them as fields, or may post them.
ROLE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]
ROLES_BEFORE = "_authsite_admin_roles_before"
LOCKED_EMAILS = "_authsite_admin_locked_emails"


def locked_emails(request):
    """The normalized emails locked right now: one Redis round trip per request, shared by the column and filter."""
    if not hasattr(request, LOCKED_EMAILS):
        setattr(request, LOCKED_EMAILS, {email for email, _ in throttle.locked_accounts()})
    return getattr(request, LOCKED_EMAILS)


class LockedFilter(admin.SimpleListFilter):
    title = "login locked"
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return [("yes", "Locked"), ("no", "Not locked")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email__in=locked_emails(request))
        if self.value() == "no":
            return queryset.exclude(email__in=locked_emails(request))
        return queryset


class UserChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # The page's users are known now: count all their live sessions in one pipeline for the sessions column.
        self.result_list = list(self.result_list)
        counts = session_index.counts(user.pk for user in self.result_list)
        for user in self.result_list:
            user.active_session_count = counts[user.pk]


@admin.display(description="last sign-in", ordering="last_login", empty_value="never")
def last_sign_in(user):
    return user.last_login


@admin.display(description="active sessions")
def active_sessions(user):
    return getattr(user, "active_session_count", "")


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    add_form = UserCreationForm
    form = UserChangeForm
    list_display = ["email", "display_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["email", "display_name", "password_status"]}),
        ("Status", {"fields": ["is_active", "email_verified"]}),
        ("Roles", {"fields": ROLE_FIELDS}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "is_staff", "email_verified"]})]
    readonly_fields = ["password_status", "last_login", "date_joined"]
    filter_horizontal = ["groups", "user_permissions"]
    change_list_template = "admin/accounts/user/change_list.html"
    change_form_template = "admin/accounts/user/change_form.html"

    # --- The list ------------------------------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # Django's list would hand a NUL or a non-numeric selected id straight to PostgreSQL (a 500).
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if has_nul(request.GET) or not all(pk.isdigit() for pk in selected):
            return bad_request(request)
        return super().changelist_view(request, extra_context)

    @property
    def actions(self):
        return [*USER_ACTIONS, *parts.actions()]

    def get_queryset(self, request):
        return parts.annotate(super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return UserChangeList

    def get_list_display(self, request):
        locked = locked_emails(request)

        @admin.display(description="login locked", boolean=True)
        def login_locked(user):
            return user.email in locked

        return ["email", "display_name", "is_active", "is_staff", *parts.columns(), login_locked, last_sign_in,
                active_sessions]

    def get_list_filter(self, request):
        return ["is_active", "is_staff", "is_superuser", *parts.list_filters(), LockedFilter,
                ("date_joined", admin.DateFieldListFilter)]

    # --- Who may do what (the on-whom rules are in accounts.flows.operators) ---------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # the page stays viewable, read-only; a POST to it is refused
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_end_sessions_permission(self, request):
        return request.user.has_perm("accounts.end_sessions")

    def has_unlock_user_permission(self, request):
        return request.user.has_perm("accounts.unlock_user")

    def has_send_password_reset_permission(self, request):
        return request.user.has_perm("accounts.send_password_reset")

    def has_change_user_status_permission(self, request):
        return request.user.has_perm("accounts.change_user_status")

    def has_superuser_permission(self, request):
        return request.user.is_superuser

    # --- The user page -------------------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return self.add_fieldsets
        return [(None, {"fields": [name for name in self.add_fieldsets[0][1]["fields"] if name not in ROLE_FIELDS]})]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        return fields if request.user.is_superuser else [*fields, *ROLE_FIELDS]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    @admin.display(description="password")
    def password_status(self, user):
        # Never the hash, and no link to set one: a password is changed by its owner or through a reset email.
        return "set" if user.has_usable_password() else "not set (the person sets one through a reset email)"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        crafted = request.method == "POST" and any(name in request.POST for name in ROLE_FIELDS)
        if crafted and not request.user.is_superuser:
            raise PermissionDenied  # these fields are never in a non-superuser's form
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None and self.has_view_or_change_permission(request, user):
            extra_context = {
                **(extra_context or {}),
                "user_sections": [*user_page_sections(self, request, user), *parts.page_sections(request, user)],
                # The page has its own Delete button; the rest are the confirmed actions, one user at a time.
                "user_actions": [(name, description) for name, description in self.get_action_choices(request, [])
                                 if name != "delete_selected"],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        setattr(request, ROLES_BEFORE, roles_of(User.objects.get(pk=obj.pk)))
        # (UserChangeForm.clean has refused self-deactivation and dropping one's own superuser flag.)
        # "Active" and the address are never just columns: their flows end sessions, audit and mail. Save the
        # other fields with the old values, then let the flows make those two changes.
        new_email, new_active = obj.email, obj.is_active
        email_changed, status_changed = "email" in form.changed_data, "is_active" in form.changed_data
        check_operator_may_act(request.user, obj, DEACTIVATE if status_changed and not new_active else None)
        if email_changed:
            obj.email = form.initial["email"]
        if status_changed:
            obj.is_active = form.initial["is_active"]
        super().save_model(request, obj, form, change)
        if email_changed:
            change_email_by_operator(obj, new_email, actor=request.user, request=request)
        if status_changed:
            flow = activate_account if new_active else deactivate_account
            flow(obj, actor=request.user, request=request)
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # groups and permissions are saved here
        if change:
            record_roles_change(form.instance, getattr(request, ROLES_BEFORE), actor=request.user, request=request)
        else:
            record_account_created(form.instance, actor=request.user, request=request)

    def delete_model(self, request, obj):
        delete_account(obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            delete_account(user, actor=request.user, request=request)

    # --- Extra URLs ----------------------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("lockouts/", view(lambda request: lockouts_view(self, request)), name="accounts_lockouts"),
            # Django's UserAdmin sets passwords here with no audit, no sessions ended, no mail: not in authsite.
            path("<path:object_id>/password/", view(self.no_password_page), name="accounts_user_password"),
            path("<path:object_id>/actions/<str:name>/", view(self.user_action_view), name="accounts_user_action"),
            path("<path:object_id>/sessions/end/", view(post_only(self.end_session_view)),
                 name="accounts_user_end_session"),
            *super().get_urls(),
        ]

    def no_password_page(self, request, object_id):
        raise Http404("Passwords are set by their owners or through a reset email.")

    def user_action_view(self, request, object_id, name):
        """One action on one user, from the user page: GET or a first POST shows the confirmation page."""
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        actions = self.get_actions(request)
        if name not in actions or not self.has_view_or_change_permission(request, user):
            raise PermissionDenied
        response = actions[name].func(self, request, self.get_queryset(request).filter(pk=user.pk))
        return response or redirect(reverse("admin:accounts_user_change", args=[user.pk]))

    def end_session_view(self, request, object_id):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_end_sessions_permission(request):
            raise PermissionDenied
        check_operator_may_act(request.user, user)
        ended = end_one_session(request, user, request.POST.get("session", ""))
        self.message_user(request, "Session ended." if ended else "That session had already ended.",
                          messages.SUCCESS if ended else messages.WARNING)
        return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
