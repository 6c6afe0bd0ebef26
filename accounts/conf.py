"""Policy knobs of the accounts app: one object, each default with its reason. Override with AUTHSITE_<NAME>."""

from django.conf import settings


class AccountsSettings:
    #: Argon2id cost. OWASP's floor is m=19 MiB, t=2, p=1; raise memory on larger servers.
    ARGON2_MEMORY_KIB = 19 * 1024
    ARGON2_TIME_COST = 2
    ARGON2_PARALLELISM = 1

    #: Session lifetimes in seconds (DESIGN: session lifetime). Idle counts from the last request; absolute from login.
    SESSION_IDLE_SECONDS = 30 * 60
    SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
    REMEMBER_IDLE_SECONDS = 7 * 24 * 60 * 60
    REMEMBER_ABSOLUTE_SECONDS = 30 * 24 * 60 * 60
    STAFF_IDLE_SECONDS = 15 * 60
    STAFF_ABSOLUTE_SECONDS = 8 * 60 * 60
    #: The idle clock is written back at most this often, so a read-only page view does not write to Redis.
    SESSION_TOUCH_SECONDS = 60

    #: A login that has passed its first factor but not the rest is forgotten after this long.
    PENDING_LOGIN_SECONDS = 10 * 60

    #: Login pipeline stages after the first factor, as dotted paths to functions (request, pending) -> URL or None.
    #: Each app that adds a login step (two-factor, ...) appends itself here in settings.
    LOGIN_STAGES = ()

    #: Step-up: sensitive changes need a password (or second-factor) check this recent (allauth's default).
    REAUTH_SECONDS = 5 * 60
    #: Wrong answers on the step-up page per user and window before it answers 429: a stolen session must not
    #: become a password-guessing oracle.
    REAUTH_MAX_FAILURES = 5
    REAUTH_FAILURE_WINDOW_SECONDS = 15 * 60
    #: Extra ways to pass step-up besides the password, as dotted paths to objects with name, label, autocomplete,
    #: offered_to(user) and verify(request, user, typed) -> 'ok' | 'wrong' | 'throttled'. Apps append themselves.
    STEPUP_METHODS = ()
    #: Sections other apps add to the account page: dotted paths to functions (request) -> HTML.
    ACCOUNT_SECTIONS = ()

    def __getattribute__(self, name):
        if name.isupper():
            return getattr(settings, f"AUTHSITE_{name}", object.__getattribute__(self, name))
        return object.__getattribute__(self, name)


accounts_settings = AccountsSettings()
