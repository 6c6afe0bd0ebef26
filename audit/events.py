"""The names of security events: one vocabulary for flows, the admin and the tests."""

LOGIN_SUCCEEDED = "login.succeeded"
LOGIN_FAILED = "login.failed"
LOGOUT = "logout"
SESSION_EXPIRED = "session.expired"
SESSIONS_REVOKED = "sessions.revoked"
SESSION_REVOKED = "session.revoked"
NEW_DEVICE = "login.new_device"
