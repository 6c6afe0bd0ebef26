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


class WebAuthnUser(models.Model):
    """The WebAuthn user handle of one user: 64 random bytes, never the id or the email.

    The handle is stored on every passkey the user makes (authenticators key their credentials by RP ID and handle)
    and comes back in every passwordless assertion; random bytes reveal nothing about the account to whoever reads
    the authenticator.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="webauthn")
    handle = models.BinaryField(max_length=64, unique=True)

    def __str__(self):
        return f"WebAuthn handle of {self.user_id}"


class Passkey(models.Model):
    """One registered WebAuthn credential (a passkey): a second factor, and on its own a passwordless sign-in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=64)
    #: Up to 1023 bytes (WebAuthn L3). Unique: a sign-in is one indexed lookup by it.
    credential_id = models.BinaryField(max_length=1023, unique=True)
    public_key = models.BinaryField()  # COSE_Key, as the authenticator sent it
    #: The authenticator's signature counter: 0 for synced passkeys (never checked), else it must grow every use.
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    backed_up = models.BooleanField(default=False)  # a synced (multi-device) passkey
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"passkey {self.name!r} of {self.user_id}"
