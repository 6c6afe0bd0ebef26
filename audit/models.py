from django.conf import settings
from django.db import models
from django.db.models.fields.json import KT
from django.utils import timezone


class AuthEvent(models.Model):
    """One security event. Written by audit.record() only; never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="auth_events"
    )
    event = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Each list the admin shows is an index scan in the list's order (newest first), so a page stays fast at
        # millions of events: unfiltered, by event (which also serves the overview's per-hour counts and
        # "top IPs"), by user, by IP, and by the email a failed sign-in typed (details.email).
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["-created_at", "-id"], name="audit_event_newest"),
            models.Index(fields=["event", "-created_at", "-id"], name="audit_event_by_kind"),
            models.Index(fields=["ip", "-created_at"], name="audit_event_by_ip"),
            models.Index(KT("details__email"), name="audit_event_by_detail_email"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.event}"
