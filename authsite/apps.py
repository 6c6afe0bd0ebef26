from django.contrib.admin.apps import AdminConfig


class AuthsiteAdminConfig(AdminConfig):
    """The admin app, with our AdminSite: staff only, signed in through our login page."""

    default_site = "authsite.admin_site.AuthsiteAdminSite"
