"""The step-up methods this app offers (settings AUTHSITE_STEPUP_METHODS): a code from the authenticator app, and a
passkey."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.flows.outcome import Outcome
from mfa import challenges, passkeys, totp
from mfa.factors import has_passkey
from mfa.flows.assertion import ACCEPTED, check_assertion, passkeys_of


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


class PasskeyConfirmation:
    """Step-up with one of the user's passkeys. The challenge is issued when the step-up page renders (page_context)
    and the page's script sends the signed assertion back as the form's secret."""

    name = "passkey"
    label = "Use a passkey"
    autocomplete = "off"
    template_name = "mfa/stepup_passkey.html"
    secret_max_length = 16 * 1024  # an assertion as JSON: a few hundred bytes, more with RSA keys

    def offered_to(self, user):
        return has_passkey(user)

    def page_context(self, request, user):
        challenge = challenges.issue(request, challenges.STEP_UP)
        return {"options_json": passkeys.authentication_options(challenge=challenge, allowed=passkeys_of(user))}

    def verify(self, request, user, typed):
        outcome, _ = check_assertion(request, typed, challenges.STEP_UP, user=user)
        return Outcome.ACCEPTED if outcome == ACCEPTED else Outcome.WRONG


authenticator_code = AuthenticatorCode()
passkey = PasskeyConfirmation()
