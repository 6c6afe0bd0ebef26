"""Start-up checks of the accounts app: a profile or binding mode that does not exist stops the process, instead of
silently leaving the standard policy in force."""

from django.core.checks import Error, register

from accounts.conf import PROFILES, SESSION_BINDINGS, accounts_settings


@register()
def check_profile_and_binding(app_configs=None, **kwargs):
    errors = []
    if accounts_settings.PROFILE not in PROFILES:
        errors.append(Error(f"AUTHSITE_PROFILE is {accounts_settings.PROFILE!r}; it must be one of "
                            f"{', '.join(PROFILES)}.", id="accounts.E001"))
    if accounts_settings.SESSION_BINDING not in SESSION_BINDINGS:
        errors.append(Error(f"AUTHSITE_SESSION_BINDING is {accounts_settings.SESSION_BINDING!r}; it must be one of "
                            f"{', '.join(SESSION_BINDINGS)}.", id="accounts.E002"))
    return errors
