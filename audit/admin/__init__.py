"""The audit trail in the admin: a read-only list fast at millions of events, its CSV export, and the security
overview page."""

from audit.admin import events  # noqa: F401  (registers the AuthEvent admin)
