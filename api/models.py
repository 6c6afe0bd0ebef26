"""Refresh tokens, in PostgreSQL (a Redis failover can silently undo writes, which would revive a rotated token).

A login through the API starts a *family*; every refresh rotates the family's token: the presented one is marked
rotated (by a conditional UPDATE that exactly one request can win) and a new one is added. The family's absolute
end is fixed at login and never moves. Presenting a rotated token again revokes the whole family.

Only the SHA-256 of a token is stored: it is 256 random bits, so no slow hash is needed to make the digest useless.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class RefreshFamily(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="refresh_families")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(help_text="Absolute end of the family, fixed at login.")
    remember = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)

    class Meta:
        verbose_name_plural = "refresh-token families"
        indexes = [models.Index(fields=["user", "revoked_at", "expires_at"])]

    def __str__(self):
        return f"refresh family {self.pk} of user {self.user_id}"


def active_families(now):
    """Families that can still refresh: not revoked, not past their end, started after the user's last revocation."""
    return RefreshFamily.objects.filter(revoked_at__isnull=True, expires_at__gt=now).filter(
        Q(user__credentials_revoked_at__isnull=True) | Q(created_at__gt=models.F("user__credentials_revoked_at")))


class RefreshToken(models.Model):
    family = models.ForeignKey(RefreshFamily, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"refresh token {self.pk} ({'rotated' if self.rotated_at else 'live'})"
