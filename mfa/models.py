"""Recovery codes. TOTP devices are django-otp's TOTPDevice (django_otp.plugins.otp_totp)."""

from django.conf import settings
from django.db import models


class RecoveryCode(models.Model):
    """One single-use recovery code, stored only as a digest (see mfa.recovery_codes for why SHA-256 suffices)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self):
        return f"recovery code of {self.user_id} ({'used' if self.used_at else 'unused'})"
