"""Who must have a second factor, and what the admin asks of staff."""

from mfa.conf import mfa_settings
from mfa.session import second_factor_verified


def must_enrol(user):
    return mfa_settings.ENFORCE_FOR_STAFF and user.is_authenticated and (user.is_staff or user.is_superuser)


def admin_second_factor_ok(request):
    """The admin is reached only with a second factor verified in this session (when enforcement is on)."""
    return not mfa_settings.ENFORCE_FOR_STAFF or second_factor_verified(request)
