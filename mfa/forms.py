from django import forms


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app (setup, disabling)."""

    code = forms.CharField(
        label="Code from your app", max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class LoginCodeForm(forms.Form):
    """The second login step: an app code, or one of the recovery codes."""

    code = forms.CharField(
        label="Code from your app, or a recovery code", max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
