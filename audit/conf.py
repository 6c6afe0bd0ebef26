"""Policy knobs of the audit app. Override with AUTHSITE_<NAME> (settings or environment)."""

from django.conf import settings


class AuditSettings:
    #: How long security events are kept before `manage.py prune_audit` deletes them. A year covers most
    #: investigations and compliance reviews; raise it if your regulator asks for more.
    AUDIT_RETENTION_DAYS = 365

    def __getattribute__(self, name):
        if name.isupper():
            return getattr(settings, f"AUTHSITE_{name}", object.__getattribute__(self, name))
        return object.__getattribute__(self, name)


audit_settings = AuditSettings()
