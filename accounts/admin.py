from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


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
