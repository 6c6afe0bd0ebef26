from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.addresses import normalize_email


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))

    def create_user(self, email, password=None, **fields):
        email = normalize_email(email)
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email, **fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_verified", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address. Roles are Django groups; staff may use the admin."""

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin.")
    is_active = models.BooleanField(default=True, help_text="Unticked: the account cannot sign in.")
    email_verified = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    #: When every credential issued before this moment stopped counting (sign out everywhere, password change or
    #: reset, deactivation, operator revocation). Kept in PostgreSQL, not Redis, so a Redis failover cannot undo it.
    credentials_revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Sessions ended one at a time ("your sessions", the admin's "End"): public id -> the epoch second after which
    #: that session could not live anyway (its absolute limit), when the entry is dropped. For the same reason as
    #: credentials_revoked_at: the boundary refuses a listed session even if a Redis failover brought it back, and
    #: this row is loaded by every signed-in request anyway.
    ended_sessions = models.JSONField(default=dict, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]
        # The admin's user actions, each its own permission so a support role can run them without change_user.
        permissions = [
            ("end_sessions", "Can end a user's sessions"),
            ("unlock_user", "Can clear a user's login lock"),
            ("send_password_reset", "Can send a user a password-reset email"),
            ("change_user_status", "Can deactivate and reactivate users"),
        ]

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def __str__(self):
        return self.email

    def get_short_name(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email


class KnownDevice(models.Model):
    """A browser/IP pair a user has signed in from; a sign-in from an unknown pair sends a new-device alert.

    Only a keyed hash of the pair is stored, so this table is not a location history.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_devices")
    fingerprint = models.CharField(max_length=64)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "fingerprint"], name="accounts_known_device_unique")]

    def __str__(self):
        return f"device of user {self.user_id}, last seen {self.last_seen:%Y-%m-%d}"


class OneTimeLink(models.Model):
    """A link mailed to a user (email verification, password reset): works once, until it expires.

    Only a SHA-256 of the link's random secret is stored, so a database leak yields no working links. `state` is a
    keyed fingerprint of the account (password hash, email, active flag) when the link was issued: any password
    change, by any route, makes the fingerprint differ and the link dead. See accounts.tokens.
    """

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    CHANGE_EMAIL = "change_email"
    PURPOSES = [(VERIFY_EMAIL, "verify email"), (RESET_PASSWORD, "reset password"), (CHANGE_EMAIL, "change email")]

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_links")
    purpose = models.CharField(max_length=32, choices=PURPOSES)
    secret_hash = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    #: For CHANGE_EMAIL: the address the account moves to when the link is opened (the link went to it).
    new_email = models.EmailField(max_length=254, blank=True, default="")

    def __str__(self):
        return f"{self.purpose} link for user {self.user_id}"
