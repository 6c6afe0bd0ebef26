from django.conf import settings

from accounts.conf import accounts_settings


def site(request):
    return {"site_name": settings.SITE_NAME, "signup_open": accounts_settings.SIGNUP_OPEN}
