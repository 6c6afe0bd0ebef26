"""Reading configuration from environment variables, with one clear message when something is missing."""

import os
import sys

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


def warn_once(message):
    # Printed to stderr at start-up only: settings are imported once per process.
    print(f"authsite: WARNING: {message}", file=sys.stderr)


def csv(name, default=""):
    return [part.strip() for part in text(name, default).split(",") if part.strip()]
