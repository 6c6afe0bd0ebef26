"""The admin, reached only through our own login page (its own login view is not a second door)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect, resolve_url

from accounts.flows.login import sign_out
from mfa.policy import admin_second_factor_ok
from web.errors import method_not_allowed, permission_denied


class AuthsiteAdminSite(admin.AdminSite):
    site_header = "authsite administration"
    site_title = "authsite admin"
    index_title = "User management"

    def has_permission(self, request):
        # Staff reach the admin only with a second factor verified in this session (unless enforcement is off).
        return request.user.is_active and request.user.is_staff and admin_second_factor_ok(request)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not staff: sending them to the login page again would loop.
            return permission_denied(request)
        login_url = resolve_url(settings.LOGIN_URL)
        return redirect(f"{login_url}?{urlencode({'next': request.GET.get('next', '/admin/')})}")

    def logout(self, request, extra_context=None):
        # The same flow as the site's logout: audited, POST only.
        if request.method != "POST":
            return method_not_allowed(request, ["POST"])
        sign_out(request)
        return redirect(settings.LOGIN_URL)
