"""Operators: the user list shows who has two-factor; a superuser can reset it. Extends accounts' UserAdmin here so
accounts never imports mfa."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin import UserAdmin
from mfa.admin_parts import passkey_part
from mfa.flows.disable import reset_two_factor
from mfa.models import Passkey

User = get_user_model()

# Devices are managed through their users (reset), never edited by hand: django-otp's own admin can show secrets.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


def _with_two_factor(queryset):
    # The admin's view of mfa.factors.has_second_factor, as one annotation: an app or a passkey.
    return passkey_part.annotate(queryset.annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(Passkey.objects.filter(user=OuterRef("pk")))
    ))


class TwoFactorFilter(admin.SimpleListFilter):
    title = "two-factor"
    parameter_name = "two_factor"

    def lookups(self, request, model_admin):
        return [("yes", "On"), ("no", "Off")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_two_factor=self.value() == "yes")
        return queryset


@admin.action(description="Reset two-factor authentication (the user sets it up again)",
              permissions=["reset_two_factor"])
def reset_two_factor_action(modeladmin, request, queryset):
    reset = sum(reset_two_factor(user, actor=request.user.email, request=request) for user in queryset)
    modeladmin.message_user(request, f"Two-factor authentication reset for {reset} user(s).", messages.SUCCESS)


class TwoFactorUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "two_factor", *passkey_part.columns]
    list_filter = [*UserAdmin.list_filter, TwoFactorFilter]
    actions = [*UserAdmin.actions, reset_two_factor_action]

    def get_queryset(self, request):
        return _with_two_factor(super().get_queryset(request))

    @admin.display(boolean=True, description="two-factor", ordering="has_two_factor")
    def two_factor(self, user):
        return user.has_two_factor

    def has_reset_two_factor_permission(self, request):
        return request.user.is_superuser  # removing a second factor is a superuser's decision

admin.site.unregister(User)
admin.site.register(User, TwoFactorUserAdmin)
