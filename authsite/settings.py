"""authsite settings: every value comes from the environment (see README.md, "Configuration").

Each security default below cites its reason in docs/architecture.md; app policy knobs live in each app's conf.py.
"""

import importlib
import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from authsite.env import csv, database_url, flag, number, redis_url, required, text, warn_once
from authsite.redis_config import redis_cache
from web.conf import invalid_knob_values, unknown_knob_names

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = flag("DEBUG")
SECRET_KEY = required("SECRET_KEY", debug=DEBUG, dev_default="dev-only-insecure-key-never-use-in-production")
# Previous keys, newest first, while rotating SECRET_KEY: values signed with them still verify (README, "Rotating
# SECRET_KEY"). Comma-separated; remove them once every session and link made under them has expired.
SECRET_KEY_FALLBACKS = csv("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = csv("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
SITE_URL = text("SITE_URL", "http://localhost:8000").rstrip("/")
SITE_NAME = text("SITE_NAME", "authsite")
HTTPS = SITE_URL.startswith("https://")

DATABASES = {
    "default": database_url("DATABASE_URL", debug=DEBUG, dev_default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The zero-setup run: the web server and the mail worker write to one file. IMMEDIATE transactions take the write
    # lock up front, so a read-then-write transaction waits for the other process instead of failing "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work: every email is a task on a database queue (taskqueue/, README "Mail queue"). --------------
# A request only inserts a row; `manage.py db_worker` sends the mail, retries, and reclaims tasks of dead workers.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Redis: sessions and counters. -------------------------------------------------------------
# With REDIS_URL set there is never a silent fallback; only DEBUG without it uses the database cache.
REDIS_URL = redis_url("REDIS_URL", debug=DEBUG)
# With REDIS_SENTINELS the master is found through Sentinel and re-checked every REDIS_SENTINEL_RECHECK_SECONDS.
if not REDIS_URL and (text("REDIS_SENTINELS") or text("REDIS_SENTINEL_SERVICE")):
    raise ImproperlyConfigured("REDIS_SENTINELS is set but REDIS_URL is not: with Sentinel, REDIS_URL is "
                               "redis://:PASSWORD@SERVICE/0 (it names the password and the database).")
if REDIS_URL:
    CACHES = {
        "default": redis_cache(
            REDIS_URL,
            sentinels=text("REDIS_SENTINELS"),
            service=text("REDIS_SENTINEL_SERVICE"),
            sentinel_password=text("REDIS_SENTINEL_PASSWORD"),
            recheck_seconds=number("REDIS_SENTINEL_RECHECK_SECONDS", 0.5),
        ),
    }
else:
    warn_once("REDIS_URL is not set: sessions and counters use the database cache. Production needs Redis.")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "authsite_cache"},
    }
CACHES["default"]["KEY_PREFIX"] = text("CACHE_KEY_PREFIX", "authsite")

# --- Sessions (DESIGN: session cookie) ---------------------------------------------------------
SESSION_ENGINE = "accounts.sessions.store"
SESSION_CACHE_ALIAS = "default"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Strict would drop the cookie on the Google callback redirect.
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # "remember me" opts a session into a persistent cookie.
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
CSRF_TRUSTED_ORIGINS = [SITE_URL]
CSRF_FAILURE_VIEW = "web.errors.csrf_failure"

# --- Apps ---------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "authsite.apps.AuthsiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "web",
    "audit",
    "accounts",
    "taskqueue",  # before django_tasks_db: its db_worker command replaces the package's
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mfa",  # after otp_totp: its admin replaces django-otp's device admin
    "api",
    "social_django",  # the association, state and nonce tables of social-auth
    "social",  # after social_django: its admin module unregisters social-auth's own admin pages
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "web.csp.ContentSecurityPolicyMiddleware",  # Django's, building each policy's header once
    "social.csp.GoogleFormActionMiddleware",  # after CSP: widens form-action on pages with a Google form only
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # /api/: never the session; counted against the "api" limit and authenticated by bearer token (api/middleware.py)
    "api.middleware.BearerTokenMiddleware",
    "accounts.middleware.LoginBoundaryMiddleware",
    "mfa.middleware.EnrolmentRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "authsite.urls"
WSGI_APPLICATION = "authsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "authsite.context_processors.site",
            ],
        },
    }
]

# --- JWT API (api/): the signing keys live in a key-set file, never in the database (README, "JWT API"). ------
# Rotated with `manage.py rotate_signing_key`; every server re-reads it when it changes. It holds private keys: keep
# it out of backups you would not trust with them, readable only by the app's user (the command writes it 0600).
API_SIGNING_KEYS_FILE = text("API_SIGNING_KEYS_FILE", str(BASE_DIR / "var" / "signing-keys.json"))

# --- Two-factor (DESIGN: TOTP, recovery codes, step-up): mfa plugs into accounts through these. --
AUTHSITE_LOGIN_STAGES = ["mfa.stages.second_factor", "social.stages.link_after_password"]
AUTHSITE_STEPUP_METHODS = ["mfa.stepup.authenticator_code", "mfa.stepup.passkey"]
AUTHSITE_ACCOUNT_SECTIONS = ["mfa.sections.two_factor_section", "social.sections.google_section"]
AUTHSITE_USER_ADMIN_PARTS = ["mfa.admin_parts.two_factor_part", "mfa.admin_parts.passkey_part",
                             "social.admin_parts.google", "api.admin_parts.api_tokens"]
AUTHSITE_SIGN_IN_METHODS = ["mfa.factors.passkey_sign_in_method", "social.flows.links.google_sign_in_method"]
AUTHSITE_SIGN_IN_OPTIONS = ["mfa.sections.passkey_sign_in_option", "social.options.google_button"]
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no admin page ever shows a device's secret
# No per-device back-off: it let anyone with the password freeze the owner's codes. mfa/conf.py limits guesses per
# pending login and per client IP instead (a start-up check, mfa.E001, keeps this at 0).
OTP_TOTP_THROTTLE_FACTOR = 0

# --- Sign in with Google (social/): OpenID Connect through social-auth, PKCE on. ------------------
# Without both values the button is absent and the Google URLs answer 404. The redirect URI to register at Google
# is SITE_URL + /social/google/callback/. The endpoints come from Google's discovery document; tests point
# SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_OIDC_ENDPOINT at a provider on loopback.
SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_KEY = text("GOOGLE_CLIENT_ID")
SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_SECRET = text("GOOGLE_CLIENT_SECRET")
SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_OIDC_ENDPOINT = text("GOOGLE_OIDC_ENDPOINT", "https://accounts.google.com").rstrip("/")
if SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_OIDC_ENDPOINT != "https://accounts.google.com":
    # Another provider (a test or staging IdP): its ID tokens carry its own issuer, read from its discovery document.
    SOCIAL_AUTH_GOOGLE_OPENIDCONNECT_ID_TOKEN_ISSUER = ""

# --- Passwords (DESIGN: password hash, password rules) -----------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# The ceiling comes first; accounts.password_validation.ComplexityValidator (upper/lower/digit) is available, off.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.MaximumLengthValidator"},  # AUTHSITE_PASSWORD_MAX_LENGTH, 1024
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHSITE_SIGNUP_OPEN = flag("SIGNUP_OPEN", True)  # False for invite-only sites
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

# --- Mail: Django 6.1 MAILERS. SMTP from the environment; the console in development. ---------
DEFAULT_FROM_EMAIL = text("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if text("SMTP_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": text("SMTP_HOST", "localhost"),
                "port": int(text("SMTP_PORT", "25")),
                "username": text("SMTP_USER") or None,
                "password": text("SMTP_PASSWORD") or None,
                "use_tls": flag("SMTP_STARTTLS"),
                "use_ssl": flag("SMTP_SSL"),
                "timeout": int(text("SMTP_TIMEOUT", "10")),  # seconds; a hung mail server holds a worker no longer
            },
        }
    }
else:
    # Readable in a terminal: UTF-8 text, each link on one line (accounts/mail_backends.py).
    MAILERS = {"default": {"BACKEND": "accounts.mail_backends.ReadableConsoleBackend"}}

# --- Security headers (DESIGN: headers) --------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402  (kept beside the policy it builds)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT")  # usually the TLS proxy redirects; see README
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if flag("BEHIND_TLS_PROXY") else None

# --- Client IP: REMOTE_ADDR unless a number of trusted proxies is configured. ------------------
TRUSTED_PROXY_COUNT = int(text("TRUSTED_PROXY_COUNT", "0"))

# --- Rate limits (accounts/throttle.py; the numbers are in accounts/conf.py) -------------------------------------
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = False  # a counter that cannot be read refuses; it never lets requests through uncounted

# --- Static files, i18n ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves straight from static/ and the apps' static folders through Django's finders: there is no build
# step and no collected copy, so no STATIC_ROOT (with one set but never collected, WhiteNoise warned on every start).
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Logging: one line per record to stderr; secrets never reach a log line (see audit.record). --
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": text("LOG_LEVEL", "INFO")},
}

# --- Policy knobs from the environment ---------------------------------------------------------------------------
# Every app's conf.py knob can be set as AUTHSITE_<NAME>, here or in the environment (a JSON value, or plain text):
# e.g. AUTHSITE_LOGIN_ACCOUNT_MAX_FAILURES=10 or AUTHSITE_ENFORCE_FOR_STAFF=false.
for _name, _value in os.environ.items():
    if _name.startswith("AUTHSITE_"):
        try:
            globals()[_name] = json.loads(_value)
        except ValueError:
            globals()[_name] = _value


# A misspelt AUTHSITE_* name (here or in the environment) would be ignored in silence, leaving the default in force:
# stop instead. Each local app's conf.py declares its knobs (web/conf.py); web/checks.py also checks plug-in paths.
for _app in INSTALLED_APPS:
    if (BASE_DIR / _app / "conf.py").is_file():
        importlib.import_module(f"{_app}.conf")
_unknown = unknown_knob_names([name for name in globals() if name.startswith("AUTHSITE_")])
if _unknown:
    raise ImproperlyConfigured(
        f"{', '.join(_unknown)}: no app has a setting of that name (misspelt?). Each app's knobs are in its conf.py."
    )
_invalid = invalid_knob_values({name: value for name, value in globals().items() if name.startswith("AUTHSITE_")})
if _invalid:
    raise ImproperlyConfigured("; ".join(_invalid) + ".")
