"""mfa adds itself to the user admin through mfa/admin_parts.py (settings.AUTHSITE_USER_ADMIN_PARTS).

Devices are managed through their users (the reset action), never edited by hand: django-otp's own device admin
could show secrets, so it is taken away.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
