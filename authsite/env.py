"""Reading configuration from environment variables, with one clear message when something is missing."""

import os
import sys
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def text(name, default=""):
    return os.environ.get(name, default).strip()


def number(name, default):
    """A decimal number (seconds, say); anything else stops start-up naming the variable."""
    value = text(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def required(name, *, debug, dev_default):
    """A variable production cannot run without: in DEBUG a development default, otherwise a hard stop."""
    value = text(name)
    if value:
        return value
    if debug:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} is not set. authsite refuses to start with DEBUG off and no {name}; "
        f"set it in the environment (see the configuration table in README.md)."
    )


# Set in the environment once a start-up warning is printed, so the processes a command starts (runserver's
# autoreloader child, ...) inherit it and stay quiet. Not an AUTHSITE_* name: those are policy knobs.
WARNED_MARKER = "_AUTHSITE_WARNINGS_SHOWN"


def warn_once(message):
    """Print a start-up warning once per process tree (settings are imported again in every child process)."""
    if os.environ.get(WARNED_MARKER):
        return
    print(f"authsite: WARNING: {message}", file=sys.stderr)
    os.environ[WARNED_MARKER] = "1"


def refusal_line(error):
    """A configuration refusal as the one line an operator reads: no traceback, no line breaks."""
    return "authsite: " + " ".join(str(error).split())


def set_up_or_refuse(exit_code=1):
    """Read the settings, set Django up and run authsite's own start-up checks (a misspelt AUTHSITE_* name, a plug-in
    path that does not import). A refusal is printed as one line and the process exits: manage.py and gunicorn's
    master call this before anything else, so no command, server or worker starts half-configured."""
    import django

    try:
        django.setup()
        from web.checks import check_policy_knobs

        problems = [problem.msg for problem in check_policy_knobs() if problem.is_serious()]
        if problems:
            raise ImproperlyConfigured("; ".join(problems))
    except ImproperlyConfigured as refusal:
        refuse(refusal, exit_code)


def refuse(error, exit_code=1):
    """Stop the process with the refusal on stderr. Exit code 4 is gunicorn's "app failed to load": its master
    stops instead of starting new workers that would fail the same way."""
    print(refusal_line(error), file=sys.stderr)
    sys.exit(exit_code)


def database_url(name, *, debug, dev_default):
    """DATABASE_URL parsed for Django. A malformed one stops start-up naming the variable, never echoing the value
    (it holds the database password)."""
    import dj_database_url

    value = required(name, debug=debug, dev_default=dev_default)
    try:
        parsed = dj_database_url.parse(
            value,
            conn_max_age=60,
            # No health check: it would cost a "SELECT 1" round trip on every request. After a database restart the
            # first request on a stale connection answers a calm 503, Django drops that connection, and the next
            # works.
            conn_health_checks=False,
        )
    except ValueError:
        parsed = None
    if parsed is None or not parsed.get("NAME"):
        raise ImproperlyConfigured(
            f"{name} is not a database URL; expected e.g. postgres://user:password@host:5432/name."
        )
    return parsed


REDIS_SCHEMES = {"redis", "rediss", "unix"}


def redis_url(name, *, debug):
    """REDIS_URL, or "" in DEBUG without one. A malformed one stops start-up (never echoing it: it may hold a
    password)."""
    value = required(name, debug=debug, dev_default="")
    if value:
        try:
            parts = urlsplit(value)
            valid = parts.scheme in REDIS_SCHEMES and bool(parts.hostname or parts.path)
        except ValueError:
            valid = False
        if not valid:
            raise ImproperlyConfigured(f"{name} is not a Redis URL; expected e.g. redis://host:6379/0.")
    return value


def csv(name, default=""):
    return [part.strip() for part in text(name, default).split(",") if part.strip()]
