"""No admin pages of social-auth's own: its models are registered by social_django's admin module, and unregistered
here (this app comes after social_django in INSTALLED_APPS, so its admin module is imported later). The user admin
shows whether Google is linked through social.admin_parts instead."""

from django.contrib import admin
from social_django.models import Association, Code, Nonce, Partial, UserSocialAuth

for model in (UserSocialAuth, Nonce, Association, Code, Partial):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
