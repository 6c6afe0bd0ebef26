"""Policy knobs of the accounts app: one object, each default with its reason. Override with AUTHSITE_<NAME>."""

from web.conf import AppSettings

#: The values PROFILE and SESSION_BINDING accept (anything else stops start-up: accounts/checks.py).
PROFILES = ("standard", "banking")
SESSION_BINDINGS = ("off", "device", "device+network")


class AccountsSettings(AppSettings):
    DOTTED_PATH_KNOBS = ("LOGIN_STAGES", "STEPUP_METHODS", "ACCOUNT_SECTIONS", "USER_ADMIN_PARTS",
                         "SIGN_IN_OPTIONS", "SIGN_IN_METHODS")

    #: The policy profile: "standard" or "banking" (README: "The banking profile"). A profile changes defaults only
    #: (PROFILE_DEFAULTS below, and mfa/conf.py's); a knob set explicitly still wins. Banking ("design
    #: authentication for a banking app"): two-factor for everyone, 15 min idle / 8 h absolute sessions, no
    #: "remember me", sessions bound to device and network.
    PROFILE = "standard"
    PROFILE_DEFAULTS = {
        "banking": {
            "SESSION_IDLE_SECONDS": 15 * 60,
            "SESSION_ABSOLUTE_SECONDS": 8 * 60 * 60,
            "REMEMBER_ME": False,
            "SESSION_BINDING": "device+network",
        },
    }

    #: Session binding: "off", "device" (the session only works from the browser family and OS it signed in with,
    #: read from the User-Agent) or "device+network" (also from the same IPv4 /24 or IPv6 /48). A request from
    #: elsewhere ends the session (a stolen cookie replayed from another machine); mobile users changing networks
    #: sign in again. The fingerprint lives in the session data: no extra round trip.
    SESSION_BINDING = "off"
    #: Whether the login page offers "remember me" (a persistent cookie with the REMEMBER_* lifetimes).
    REMEMBER_ME = True

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
    #: A session is refused at its idle limit, but its Redis key (and a remembered cookie) outlive the limit by this
    #: much, so a request in that time still finds it, is told "signed out after inactivity" and is audited
    #: (session.expired, reason idle). Later the key is simply gone and the login page says nothing special.
    SESSION_EXPIRED_NOTICE_SECONDS = 60 * 60

    #: A sign-in from a browser/IP pair not seen for this long sends a "new device" email.
    NEW_DEVICE_WINDOW_DAYS = 90

    #: A login that has passed its first factor but not the rest is forgotten after this long.
    PENDING_LOGIN_SECONDS = 10 * 60

    #: Login pipeline stages after the first factor, as dotted paths to functions (request, user, pending) -> URL or
    #: None (accounts/flows/login.py).
    #: Each app that adds a login step (two-factor, ...) appends itself here in settings.
    LOGIN_STAGES = ()

    #: Brute force (DESIGN: failed logins). Only failed password checks count; a success resets the account's count.
    #: An account is locked for LOGIN_ACCOUNT_LOCK_SECONDS from the failure that reaches the limit within the window.
    LOGIN_ACCOUNT_MAX_FAILURES = 5
    LOGIN_ACCOUNT_WINDOW_SECONDS = 15 * 60
    LOGIN_ACCOUNT_LOCK_SECONDS = 15 * 60
    #: The same per client IP, wide enough for an office behind one NAT, narrow enough to stop password spraying.
    LOGIN_IP_MAX_FAILURES = 50
    LOGIN_IP_WINDOW_SECONDS = 15 * 60
    LOGIN_IP_LOCK_SECONDS = 15 * 60
    #: IPv6 clients are counted per network of this prefix length: one host usually owns a whole /64.
    THROTTLE_IPV6_PREFIX = 64

    #: The other doors, in django-ratelimit's "count/period" notation (period: s, m, h, d, optionally multiplied,
    #: e.g. "100/15m"). Counted per request, fixed windows. See accounts/throttle/lockout.py for who calls which door.
    RATE_LIMITS = {
        "signup_email": "5/h",  # sign-up requests per normalized email
        "signup_ip": "20/h",  # ... and per client IP
        "reset_email": "5/h",  # password-reset requests per normalized email
        "reset_ip": "20/h",
        "step_up": "5/15m",  # step-up attempts per user: a stolen session must not become a password oracle
        "email_change": "5/h",  # email-change requests per user: each one mails an address the requester typed
        "passkey_login": "30/15m",  # passwordless sign-in attempts (challenges issued) per client IP
        "api": "100/15m",  # the JSON API under /api/, per client IP, as a general limit
    }

    #: Password length ceiling (DESIGN: password rules). Checked by form fields before any validator or hasher runs,
    #: so a megabyte "password" costs a form error, not an Argon2 run.
    PASSWORD_MAX_LENGTH = 1024

    #: Public sign-up. False for invite-only sites: the sign-up page says so and creates nothing.
    SIGNUP_OPEN = True
    #: How long one-time links work (DESIGN: password reset link). Each works once.
    VERIFY_EMAIL_LINK_SECONDS = 24 * 60 * 60
    PASSWORD_RESET_LINK_SECONDS = 60 * 60
    #: `manage.py prune_unverified` deletes sign-ups never verified after this many days (run it daily from cron):
    #: the verification link died after a day, and the address should be free for its real owner.
    UNVERIFIED_ACCOUNT_DAYS = 7
    #: The link mailed to a new address when a user changes theirs; the old address works until it is opened.
    CHANGE_EMAIL_LINK_SECONDS = 24 * 60 * 60

    #: Step-up: sensitive changes need a password (or second-factor) check this recent (allauth's default).
    REAUTH_SECONDS = 5 * 60
    #: Extra ways to pass step-up besides the password, as dotted paths to objects with name, label, autocomplete,
    #: offered_to(user) and verify(request, user, typed) -> accounts.flows.outcome.Outcome. Apps append themselves.
    #: Optionally: inputmode (e.g. "numeric": a text field, not a password field), template_name (its own form on
    #: the step-up page), page_context(request, user) -> dict (called as the page renders, e.g. to issue a passkey
    #: challenge) and secret_max_length (a secret longer than a password).
    STEPUP_METHODS = ()
    #: Sections other apps add to the account page: dotted paths to functions (request) -> HTML.
    ACCOUNT_SECTIONS = ()
    #: Parts other apps add to the admin's users list and user page, as dotted paths to objects with any of
    #: annotate(queryset), columns, list_filter, actions and page_sections(request, user) (accounts/admin/parts.py).
    USER_ADMIN_PARTS = ()

    #: How many of a user's latest security events the admin's user page shows.
    ADMIN_USER_PAGE_EVENTS = 50

    #: Other ways to sign in that apps offer under the login and sign-up forms ("Sign in with a passkey", "Sign in
    #: with Google"): dotted paths to functions (request, next_url, page) -> HTML, "" when not offered; page is
    #: "login" or "signup". They must not write the session: the pages are public.
    SIGN_IN_OPTIONS = ()
    #: The ways of signing in that other apps give an account besides its password: dotted paths to functions
    #: (user) -> a method name ("passkey", "google") or None. accounts.flows.login.sign_in_methods() asks them, so a
    #: rule like "do not remove the last way in" counts every method without importing the apps.
    SIGN_IN_METHODS = ()


accounts_settings = AccountsSettings()
