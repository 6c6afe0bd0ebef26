"""Getting tokens through the API: the same password check as the login page, then the second factor.

obtain_tokens() runs accounts.flows.login.authenticate_password (the same lockouts, the same cost for unknown
emails), then asks for a second factor exactly when the login page would, and only then starts a refresh-token
family and signs an access token; a device new to the account gets the login page's new-device alert. A user
with two-factor who sends no code, or a wrong one, gets no token.

Second-factor codes are counted per account *before* each is checked (SECOND_FACTOR_RATE, 5 per 15 minutes): parallel
guesses cannot outrun the count, and whoever holds the password still gets only a handful of codes to try. The count
covers every code sent after a correct password, right or wrong; django-otp's own back-off on the device (1 s, 2 s,
4 s, ... after failures) applies as well.
"""

from dataclasses import dataclass

from django_ratelimit.core import get_usage

from accounts import throttle
from accounts.flows.login import authenticate_password
from accounts.flows.new_device import alert_if_new_device
from api import access_tokens, keys
from api.conf import api_settings
from api.flows.refresh import rotate, start_family
from audit import events
from audit.record import record
from mfa.factors import has_second_factor
from mfa.flows.challenge import ACCEPTED, check_second_factor
from mfa.policy import must_enrol


class TokenRefused(Exception):
    """No tokens: `status` and `code` say why ({"error": code})."""

    def __init__(self, status, code):
        super().__init__(code)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    claims: dict
    refresh_token: str
    refresh_expires_at: object  # datetime: the family's absolute end

    @property
    def expires_in(self):
        return api_settings.ACCESS_TOKEN_SECONDS


def obtain_tokens(request, *, email, password, otp=None, remember=False):
    """IssuedTokens for a full login; raises TokenRefused, or throttle.Throttled (429) before any work is done."""
    user = authenticate_password(request, email, password)
    if user is None:
        raise TokenRefused(401, "invalid_credentials")
    method = "password"
    if has_second_factor(user):
        if otp is None:
            raise TokenRefused(401, "second_factor_required")
        method = _check_code(request, user, otp)
    elif must_enrol(user):
        raise TokenRefused(403, "mfa_enrolment_required")
    tokens = issue_tokens(request, user, remember=remember)
    record(events.API_TOKENS_ISSUED, request=request, user=user, method=method, remember=bool(remember))
    # A sign-in through the API is a sign-in from a device too: the same alert as the login page's (app + IP).
    alert_if_new_device(request, user)
    return tokens


def issue_tokens(request, user, *, remember):
    refresh_token, family = start_family(request, user, remember=remember)
    access_token, claims = access_tokens.issue(user)
    return IssuedTokens(access_token, claims, refresh_token, family.expires_at)


def _check_code(request, user, otp):
    usage = get_usage(request, group="authsite.api_second_factor", key=lambda group, request: str(user.pk),
                      rate=api_settings.SECOND_FACTOR_RATE, increment=True)
    if usage is None or usage["should_limit"]:
        raise throttle.Throttled(throttle.Refusal(max(1, usage["time_left"] if usage else 60)))
    outcome, method = check_second_factor(request, user, otp)
    if outcome == ACCEPTED:
        record(events.MFA_VERIFIED, request=request, user=user, method=method, via="api")
        return method
    record(events.MFA_FAILED, request=request, user=user, attempt=usage["count"], via="api")
    raise TokenRefused(401, "invalid_second_factor")


def refresh_tokens(request, refresh_token):
    """Rotate `refresh_token` and sign a new access token; raises api.flows.refresh.RefreshRefused."""
    keys.load().current  # noqa: B018  (no signing key: KeySetError, a 503, before the refresh token is spent)
    user, new_refresh_token, family = rotate(request, refresh_token)
    access_token, claims = access_tokens.issue(user)
    return IssuedTokens(access_token, claims, new_refresh_token, family.expires_at)
