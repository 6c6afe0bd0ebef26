"""System checks run at start-up (manage.py commands, runserver, and authsite.wsgi): a misspelt AUTHSITE_* name or
a plug-in path that does not import stops the process with a message naming it."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from web.conf import dotted_path_knobs, unknown_knob_names


@register()
def check_policy_knobs(app_configs=None, **kwargs):
    errors = [
        Error(f"{name} is not a setting of any app (misspelt?). Each app's knobs are listed in its conf.py.",
              id="authsite.E001")
        for name in unknown_knob_names(dir(settings))
    ]
    for knob, paths in dotted_path_knobs():
        for path in paths:
            try:
                import_string(path)
            except ImportError as error:
                errors.append(Error(f"AUTHSITE_{knob} names {path!r}, which does not import: {error}",
                                    id="authsite.E002"))
    return errors
