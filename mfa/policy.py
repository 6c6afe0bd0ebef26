"""Who must have a second factor, and what the admin asks of staff."""

from mfa.conf import mfa_settings
from mfa.session import second_factor_verified


def must_enrol(user):
    if not user.is_authenticated:
        return False
    if mfa_settings.REQUIRE_FOR_EVERYONE:
        return True
    return mfa_settings.ENFORCE_FOR_STAFF and (user.is_staff or user.is_superuser)


def admin_second_factor_ok(request):
    """The admin is reached only with a second factor verified in this session (when enforcement is on)."""
    enforced = mfa_settings.ENFORCE_FOR_STAFF or mfa_settings.REQUIRE_FOR_EVERYONE
    return not enforced or second_factor_verified(request)
