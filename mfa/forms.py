from django import forms


class CodeInput(forms.TextInput):
    """A text box that never renders a typed code back into the page: codes are secrets, even wrong ones."""

    def format_value(self, value):
        return None


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app (setup, disabling)."""

    code = forms.CharField(
        label="Code from your app", max_length=16,
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class LoginCodeForm(forms.Form):
    """The second login step: an app code, or one of the recovery codes."""

    code = forms.CharField(
        label="Code from your app, or a recovery code", max_length=64,
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
