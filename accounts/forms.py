from django import forms

from accounts.emails import normalize_email


class LoginForm(forms.Form):
    email = forms.CharField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    # No length validation here beyond a ceiling: the policy applies when a password is set, not when one is tried.
    password = forms.CharField(
        label="Password", max_length=1024, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    remember = forms.BooleanField(label="Remember me on this device", required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])
