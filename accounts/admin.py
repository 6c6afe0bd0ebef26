from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from accounts import throttle
from accounts.flows.account_status import activate_account, deactivate_account
from accounts.models import User
from web.errors import bad_request


class UserCreationForm(forms.ModelForm):
    """Operators create accounts without a password; the person sets one through the reset email."""

    class Meta:
        model = User
        fields = ["email", "display_name", "is_staff", "email_verified"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    list_display = ["email", "display_name", "is_active", "is_staff", "email_verified", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "email_verified", "groups"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined", "password"]
    fieldsets = [
        (None, {"fields": ["email", "display_name", "password"]}),
        ("Status", {"fields": ["is_active", "email_verified"]}),
        ("Roles", {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "is_staff", "email_verified"]})]
    filter_horizontal = ["groups", "user_permissions"]
    change_list_template = "admin/accounts/user/change_list.html"
    actions = ["clear_login_lock"]

    def save_model(self, request, obj, form, change):
        # "Active" is never just a column: turning it off ends every session, and both ways are audited and mailed.
        # The flows make the change; the form's other fields are saved as usual.
        status_changed = change and "is_active" in form.changed_data
        if status_changed:
            obj.is_active = form.initial["is_active"]
        super().save_model(request, obj, form, change)
        if status_changed:
            flow = activate_account if form.cleaned_data["is_active"] else deactivate_account
            flow(obj, actor=request.user.email, request=request)

    def get_list_display(self, request):
        # One Redis read per page, not per row: the column closes over this request's set of locked emails.
        locked = {email for email, _ in throttle.locked_accounts()}

        @admin.display(description="login locked", boolean=True)
        def login_locked(user):
            return user.email in locked

        return [*super().get_list_display(request), login_locked]

    @admin.action(description="Clear the login lock of the selected users", permissions=["change"])
    def clear_login_lock(self, request, queryset):
        cleared = sum(throttle.clear_account_lock(user.email, actor=request.user.email, request=request)
                      for user in queryset)
        self.message_user(request, f"Unlocked {cleared} of {queryset.count()} selected account(s).")

    def get_urls(self):
        lockouts = path("lockouts/", self.admin_site.admin_view(self.lockouts_view), name="accounts_lockouts")
        return [lockouts, *super().get_urls()]

    def lockouts_view(self, request):
        """Locked accounts (existing or not) and IPs, each with an unlock button."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            clear = {"account": throttle.clear_account_lock, "ip": throttle.clear_ip_lock}.get(request.POST.get("kind"))
            label = request.POST.get("label", "").strip()
            if clear is None or not label:
                return bad_request(request)
            clear(label, actor=request.user.email, request=request)
            self.message_user(request, f"Unlocked {label}.")
            return redirect("admin:accounts_lockouts")
        context = {
            **self.admin_site.each_context(request),
            "title": "Locked accounts and IPs",
            "opts": self.model._meta,
            "locked_accounts": throttle.locked_accounts(),
            "locked_ips": throttle.locked_ips(),
        }
        return TemplateResponse(request, "admin/accounts/lockouts.html", context)
