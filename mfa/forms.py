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


#: A WebAuthn response as JSON (filled in by static/passkeys.js): a few hundred bytes, more with RSA keys.
CREDENTIAL_MAX_LENGTH = 16 * 1024


class PasskeyNameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=64,
                           help_text="So you can tell your passkeys apart, e.g. “Work laptop” or “Phone”.",
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class CredentialInput(forms.HiddenInput):
    """Where static/passkeys.js writes the browser's answer. Never rendered back: each ceremony needs a fresh one."""

    def __init__(self):
        super().__init__(attrs={"data-passkey-field": ""})

    def format_value(self, value):
        return None


class PasskeyRegisterForm(PasskeyNameForm):
    """A new passkey: the name the user gives it, and the browser's answer to navigator.credentials.create()."""

    credential = forms.CharField(max_length=CREDENTIAL_MAX_LENGTH, widget=CredentialInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name of the new passkey"


class PasskeyAssertionForm(forms.Form):
    """The browser's answer to navigator.credentials.get(), and where to go after signing in."""

    credential = forms.CharField(max_length=CREDENTIAL_MAX_LENGTH, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
