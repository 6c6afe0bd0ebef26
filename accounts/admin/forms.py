"""The user admin's forms. They validate only; users.py routes status and email changes through the flows."""

from django import forms

from accounts.flows.operators import DEACTIVATE, OperatorRefused, check_may_change_own_roles, check_operator_may_act
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


class UserChangeForm(forms.ModelForm):
    """The user page's form. `actor` (the signed-in admin) is set by UserAdmin.get_form."""

    actor = None

    class Meta:
        model = User
        fields = ["email", "display_name", "is_active", "email_verified", "is_staff", "is_superuser", "groups",
                  "user_permissions"]

    def clean(self):
        cleaned = super().clean()
        try:
            if "is_active" in self.changed_data and not cleaned.get("is_active"):
                check_operator_may_act(self.actor, self.instance, DEACTIVATE)
            if "is_superuser" in self.changed_data:
                check_may_change_own_roles(self.actor, self.instance, cleaned.get("is_superuser"))
        except OperatorRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return cleaned
