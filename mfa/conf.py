"""Policy knobs of the two-factor app: one object, each default with its reason. Override with AUTHSITE_<NAME>."""

from web.conf import AppSettings


class MfaSettings(AppSettings):
    #: Staff and superusers must enrol a second factor; until they do, every page sends them to setup and the admin
    #: stays closed (DESIGN: an operator's account is worth the most to an attacker).
    ENFORCE_FOR_STAFF = True

    #: Wrong codes allowed on the login code page before the pending login is ended and the password asked again.
    #: The device itself also slows guessing down across logins (django-otp's throttling: 1 s, 2 s, 4 s, ...).
    MAX_LOGIN_CODE_FAILURES = 5

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
