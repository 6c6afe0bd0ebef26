"""The base of every app's policy-knob object (accounts/conf.py, mfa/conf.py, ...), and the check that every
AUTHSITE_* name set anywhere belongs to one of them.

An app declares its knobs as upper-case class attributes with their defaults and a comment saying why; a setting or
environment variable AUTHSITE_<NAME> overrides one. A misspelt name would otherwise be ignored in silence, leaving the
default in force while the operator believes it changed: unknown_knob_names() finds those, and start-up stops.
"""

from django.conf import settings
from django.core.signals import setting_changed

PREFIX = "AUTHSITE_"


#: The setting naming the policy profile (declared as the PROFILE knob of accounts/conf.py, read here by every app).
PROFILE_SETTING = f"{PREFIX}PROFILE"
DEFAULT_PROFILE = "standard"
_UNSET = object()
#: Resolved knob values, {(AppSettings subclass, knob name): value}. Knobs are read on every request (session limits,
#: two-factor enforcement, ...) and resolving one walks settings and the profile; settings do not change while a
#: server runs, so each is resolved once. Emptied whenever a setting changes (override_settings in tests).
_resolved = {}


class AppSettings:
    #: Knobs holding dotted paths (plug-in points); a path that does not import stops start-up (web.checks).
    DOTTED_PATH_KNOBS = ()
    #: Defaults that a profile changes, by profile name: {"banking": {"KNOB": value}}. A profile only moves
    #: defaults; a knob set explicitly (setting or environment) still wins.
    PROFILE_DEFAULTS = {}

    _registry = []
    _NOT_KNOBS = frozenset({"DOTTED_PATH_KNOBS", "PROFILE_DEFAULTS"})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        AppSettings._registry.append(cls)

    def __getattribute__(self, name):
        if not name.isupper() or name in AppSettings._NOT_KNOBS:
            return object.__getattribute__(self, name)
        key = (type(self), name)
        try:
            return _resolved[key]
        except KeyError:
            value = _resolved[key] = self._resolve(name)
            return value

    def _resolve(self, name):
        """A setting AUTHSITE_<name> if there is one, else the profile's default, else the declared default."""
        explicit = getattr(settings, f"{PREFIX}{name}", _UNSET)
        if explicit is not _UNSET:
            return explicit
        profile = getattr(settings, PROFILE_SETTING, DEFAULT_PROFILE)
        by_profile = object.__getattribute__(self, "PROFILE_DEFAULTS").get(profile, {})
        if name in by_profile:
            return by_profile[name]
        return object.__getattribute__(self, name)

    @classmethod
    def knob_names(cls):
        return {name for name in dir(cls) if name.isupper() and name not in AppSettings._NOT_KNOBS}


def _forget_resolved_knobs(**kwargs):
    _resolved.clear()


setting_changed.connect(_forget_resolved_knobs, dispatch_uid="web.conf.forget_resolved_knobs")


def known_knob_names():
    """Every knob of every AppSettings subclass imported so far."""
    return set().union(*(conf.knob_names() for conf in AppSettings._registry))


def unknown_knob_names(names):
    """The AUTHSITE_* names among `names` that no app declares, sorted."""
    known = known_knob_names()
    return sorted(name for name in names if name.startswith(PREFIX) and name[len(PREFIX):] not in known)


def dotted_path_knobs():
    """[(knob name, configured paths)] for every plug-in point of every app."""
    found = []
    for conf in AppSettings._registry:
        instance = conf()
        found += [(name, list(getattr(instance, name))) for name in conf.DOTTED_PATH_KNOBS]
    return found


# What a knob's default says about the values it accepts (a JSON value from the environment arrives as one of these).
_KINDS = [
    (bool, (bool,), "true or false"),
    (int, (int,), "a whole number"),
    (float, (int, float), "a number"),
    (str, (str,), "text"),
    (dict, (dict,), "a JSON object"),
    ((list, tuple), (list, tuple), "a JSON list"),
]


def invalid_knob_values(values):
    """One message per AUTHSITE_* value in `values` ({name: value}) whose type does not fit its knob's default,
    e.g. AUTHSITE_LOGIN_ACCOUNT_MAX_FAILURES=abc. A knob whose default is None accepts anything."""
    defaults = {}
    for conf in AppSettings._registry:
        for knob in conf.knob_names():
            defaults[knob] = getattr(conf, knob)  # on the class: the declared default, not the configured value
    problems = []
    for name, value in sorted(values.items()):
        knob = name[len(PREFIX):]
        if not name.startswith(PREFIX) or knob not in defaults or defaults[knob] is None:
            continue
        for default_types, accepted, wording in _KINDS:
            if isinstance(defaults[knob], default_types):
                fits = isinstance(value, accepted) and not (isinstance(value, bool) and bool not in accepted)
                if not fits:
                    shown = "" if isinstance(defaults[knob], (dict, list, tuple)) else f" (default {defaults[knob]!r})"
                    problems.append(f"{name} must be {wording}{shown}, not {value!r}")
                break
    return problems
