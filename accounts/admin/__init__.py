"""The admin's user console: the users list, the user page, actions that go through the flows (users.py), the
lockouts page, and the registry through which other apps add their parts (parts.py)."""

from accounts.admin import users  # noqa: F401  (registers the User admin)
