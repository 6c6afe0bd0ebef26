"""Policy knobs of the audit app. Override with AUTHSITE_<NAME> (settings or environment)."""

from web.conf import AppSettings


class AuditSettings(AppSettings):
    #: How long security events are kept before `manage.py prune_audit` deletes them. A year covers most
    #: investigations and compliance reviews; raise it if your regulator asks for more.
    AUDIT_RETENTION_DAYS = 365


audit_settings = AuditSettings()
