"""authsite settings: every value comes from the environment (see README.md, "Configuration").

Each security default below cites its reason in docs/architecture.md; app policy knobs live in each app's conf.py.
"""

import importlib
import json
import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from authsite.env import csv, flag, required, text, warn_once
from web.conf import unknown_knob_names

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
    "default": dj_database_url.parse(
        required("DATABASE_URL", debug=DEBUG, dev_default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        # No health check: it would cost a "SELECT 1" round trip on every request. After a database restart the
        # first request on a stale connection answers a calm 503, Django drops that connection, and the next works.
        conn_health_checks=False,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: sessions and counters. -------------------------------------------------------------
# With REDIS_URL set there is never a silent fallback; only DEBUG without it uses the database cache.
REDIS_URL = required("REDIS_URL", debug=DEBUG, dev_default="")
if REDIS_URL:
    _redis_options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        # Fail fast when Redis is away, so the request becomes a calm 503 instead of a hung worker.
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    }
    CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": _redis_options},
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mfa",  # after otp_totp: its admin replaces django-otp's device admin
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
AUTHSITE_LOGIN_STAGES = ["mfa.stages.second_factor"]
AUTHSITE_STEPUP_METHODS = ["mfa.stepup.authenticator_code"]
AUTHSITE_ACCOUNT_SECTIONS = ["mfa.sections.two_factor_section"]
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no admin page ever shows a device's secret

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
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

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
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from static/ too, so there is no build step.
# Until `collectstatic` has run (the Docker image runs it), WhiteNoise warns that STATIC_ROOT is missing; the finders
# above serve the files meanwhile, so the warning is noise.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
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
