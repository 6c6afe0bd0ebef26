"""The step-up method this app offers (settings AUTHSITE_STEPUP_METHODS): a code from the authenticator app."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa import totp


class AuthenticatorCode:
    name = "totp"
    label = "Code from your authenticator app"
    autocomplete = "one-time-code"
    inputmode = "numeric"  # a text field with the digits keyboard, not a password field

    def offered_to(self, user):
        return totp.has_confirmed_device(user)

    def verify(self, request, user, typed):
        """An Outcome (the same replay-proof check as at login)."""
        return totp.verify_code(TOTPDevice.objects.filter(user=user, confirmed=True), typed)


authenticator_code = AuthenticatorCode()
