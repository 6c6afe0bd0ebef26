"""The forms of accounts: they validate input and nothing else (no mail, no sessions, no lookups of accounts).

Every password field has max_length = AUTHSITE_PASSWORD_MAX_LENGTH: Django checks a field's own max_length before
the form's clean methods run, so an over-long password becomes a form error before the policy validators (the
similarity check is quadratic) or the hasher ever see it.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from accounts.addresses import normalize_email
from accounts.conf import accounts_settings
from accounts.password_validation import check_new_password

MISMATCH = "The two passwords do not match."


def password_field(label, autocomplete, help_text=""):
    return forms.CharField(
        label=label, strip=False, max_length=accounts_settings.PASSWORD_MAX_LENGTH, help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def email_field(autofocus=True, autocomplete="email"):
    return forms.CharField(
        label="Email", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete, "autofocus": autofocus}),
    )


class NewPasswordForm(forms.Form):
    """A new password typed twice and checked against the policy for `user` (the account it will belong to)."""

    new_password1 = password_field("New password", "new-password",
                                   "At least 12 characters. A few unusual words work well.")
    new_password2 = password_field("New password again", "new-password")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def policy_user(self):
        return self.user

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first is None or second is None:
            return cleaned  # a field already failed (missing or too long): nothing is hashed or compared
        if first != second:
            self.add_error("new_password2", MISMATCH)
            return cleaned
        try:
            check_new_password(first, self.policy_user())
        except ValidationError as error:
            self.add_error("new_password1", error)
        return cleaned


class SignUpForm(NewPasswordForm):
    field_order = ["email", "display_name", "new_password1", "new_password2"]

    # "username": the address is what the account signs in with, so password managers save it with the password.
    email = email_field(autocomplete="username")
    display_name = forms.CharField(label="Your name", max_length=150,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))

    def clean_email(self):
        # A syntactically valid address once normalized (the flow stores the normal form; full-width forms fold);
        # whether it is taken is never said here.
        forms.EmailField().clean(normalize_email(self.cleaned_data["email"]))
        return self.cleaned_data["email"]

    def policy_user(self):
        # The similarity validator compares the password with the email and name being registered.
        data = self.cleaned_data
        return get_user_model()(email=data.get("email", ""), display_name=data.get("display_name", ""))


class PasswordChangeForm(NewPasswordForm):
    field_order = ["current_password", "new_password1", "new_password2"]

    # Checked by the flow (accounts.flows.passwords.change_own_password), counted and audited, never here.
    current_password = password_field("Current password", "current-password")


class EmailChangeForm(forms.Form):
    new_email = forms.CharField(
        label="New email address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_new_email(self):
        # A syntactically valid address once normalized; whether it is taken is never said here.
        forms.EmailField().clean(normalize_email(self.cleaned_data["new_email"]))
        return self.cleaned_data["new_email"]


class PasswordResetRequestForm(forms.Form):
    email = email_field()


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not accounts_settings.REMEMBER_ME:  # the banking profile offers no long-lived sessions
            del self.fields["remember"]


class CodeInput(forms.TextInput):
    """A text box that never renders a typed code back into the page: codes are secrets, even wrong ones."""

    def format_value(self, value):
        return None


class ReauthForm(forms.Form):
    """Step-up: the secret for one method (the password, or one another app offers). Prefixed by the method's name,
    so several of these forms can share a page. A method with an `inputmode` (e.g. "numeric" for an authenticator
    code) gets a text field with that keyboard; the password gets a password field."""

    secret = forms.CharField(label="Password", max_length=1024, strip=False, widget=forms.PasswordInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, method, label, autocomplete, inputmode=None, max_length=None, **kwargs):
        super().__init__(*args, prefix=method, **kwargs)
        self.method = method
        if max_length:  # a method whose secret is longer than a password (a passkey's signed assertion)
            field = self.fields["secret"]
            field.max_length = max_length
            # Validators are shared between copies of a field: replace the limit, never change it in place.
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.validators.append(MaxLengthValidator(max_length))
        self.fields["secret"].label = label
        if inputmode:
            self.fields["secret"].widget = CodeInput(attrs={"inputmode": inputmode})
        self.fields["secret"].widget.attrs["autocomplete"] = autocomplete
