"""Password policy beyond Django's built-in validators (DESIGN: password rules).

The policy is the list in settings.AUTH_PASSWORD_VALIDATORS: 12 to 1024 characters, not a common password, not too
close to the account's email or name. No composition rules by default (NIST 800-63B-4); ComplexityValidator is there
for sites that must have them.
"""

import unicodedata

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.conf import accounts_settings


class MaximumLengthValidator:
    """At most `max_length` characters (default: AUTHSITE_PASSWORD_MAX_LENGTH, 1024).

    Argon2 hashes every character (nothing is truncated), so the ceiling only bounds the work one request can cause.
    """

    def __init__(self, max_length=None):
        self.max_length = max_length or accounts_settings.PASSWORD_MAX_LENGTH

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long. It must contain at most {self.max_length} characters.",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return f"Your password must contain at most {self.max_length} characters."


class ComplexityValidator:
    """Optional composition rule: at least one upper-case letter, one lower-case letter and one digit.

    Off by default: NIST SP 800-63B-4 advises against composition rules, because they push people towards
    predictable patterns ("Password1") rather than longer passwords. A site whose policy demands them adds
        {"NAME": "accounts.password_validation.ComplexityValidator"}
    to AUTH_PASSWORD_VALIDATORS. Letters are judged by Unicode category, so "É" counts as upper case.
    """

    def validate(self, password, user=None):
        categories = {unicodedata.category(char) for char in password}
        missing = []
        if "Lu" not in categories:
            missing.append("an upper-case letter")
        if "Ll" not in categories:
            missing.append("a lower-case letter")
        if not any(char.isdigit() for char in password):
            missing.append("a digit")
        if missing:
            raise ValidationError(
                "This password must contain " + ", ".join(missing) + ".", code="password_not_complex"
            )

    def get_help_text(self):
        return "Your password must contain an upper-case letter, a lower-case letter and a digit."


def check_new_password(password, user=None):
    """Raise ValidationError unless `password` meets the policy; the cheap length check goes first.

    Django's validate_password() runs every validator, and the similarity check is quadratic in the length, so an
    over-long password is refused before any of them runs (the management commands reach this without a form).
    """
    MaximumLengthValidator().validate(password, user)
    validate_password(password, user)
