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



class ReauthForm(forms.Form):
    """Step-up: the secret for one method (the password, or one another app offers). Prefixed by the method's name,
    so several of these forms can share a page."""

    secret = forms.CharField(label="Password", max_length=1024, strip=False, widget=forms.PasswordInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, method, label, autocomplete, **kwargs):
        super().__init__(*args, prefix=method, **kwargs)
        self.method = method
        self.fields["secret"].label = label
        self.fields["secret"].widget.attrs["autocomplete"] = autocomplete
