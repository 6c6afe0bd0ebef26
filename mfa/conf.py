"""Policy knobs of the two-factor app: one object, each default with its reason. Override with AUTHSITE_<NAME>."""

from web.conf import AppSettings


class MfaSettings(AppSettings):
    #: Staff and superusers must enrol a second factor; until they do, every page sends them to setup and the admin
    #: stays closed (DESIGN: an operator's account is worth the most to an attacker).
    ENFORCE_FOR_STAFF = True
    #: Everyone must enrol a second factor (on by default in the banking profile, accounts/conf.py PROFILE): after
    #: the password, a user without one is sent to set it up, and every other page waits until they have.
    REQUIRE_FOR_EVERYONE = False
    PROFILE_DEFAULTS = {"banking": {"REQUIRE_FOR_EVERYONE": True}}

    #: Wrong codes allowed on the login code page before the pending login is ended and the password asked again.
    MAX_LOGIN_CODE_FAILURES = 5
    #: Wrong codes at the login code page per client IP (IPv6: per network) in a window, whatever the account:
    #: someone who knows a password cannot restart logins to keep guessing from one place. Each attempt holds a slot
    #: before it is checked (parallel guesses cannot outrun the limit) and a right code gives its slot back, so an
    #: office behind one NAT signing in all morning is never refused. Nothing is counted per device or per account:
    #: wrong codes from an attacker never freeze the owner's own sign-in from another browser (django-otp's
    #: per-device back-off is off: OTP_TOTP_THROTTLE_FACTOR = 0, checked at start-up).
    LOGIN_CODE_IP_MAX_FAILURES = 50
    LOGIN_CODE_IP_WINDOW_SECONDS = 15 * 60
    #: Codes tried at enrolment per user, counted before the check. Generous: a new user who mistypes retries at once.
    SETUP_CODE_RATE_PER_USER = "10/15m"

    #: Recovery codes handed out at once. Each holds 80 random bits (16 base32 characters), above NIST's 64.
    RECOVERY_CODE_COUNT = 10

    #: The issuer shown in authenticator apps; None means settings.SITE_NAME.
    TOTP_ISSUER = None

    #: Passkeys (WebAuthn): a challenge works once and for this long after it was issued (WebAuthn's recommended
    #: ceremony timeout is 5 minutes; the browser is told the same).
    PASSKEY_CHALLENGE_SECONDS = 5 * 60

    #: Passkeys one account may hold: enough for every device a person owns, small enough that the list stays a list
    #: and the excludeCredentials sent at registration stays short.
    MAX_PASSKEYS_PER_USER = 20


mfa_settings = MfaSettings()
