"""How long a session may live: idle and absolute limits by kind (normal, remember me, staff).

The kind and the clocks are kept in the session itself, so enforcing them costs no extra round trip.
"""

import secrets
import time

from accounts.conf import accounts_settings as conf

KIND = "_authsite_kind"
STARTED = "_authsite_started"
SEEN = "_authsite_seen"
# Shown on "your sessions": where the session was opened, and a public id that names it without being its key.
IP = "_authsite_ip"
USER_AGENT = "_authsite_ua"
PUBLIC_ID = "_authsite_public_id"
# When this session's sign-in last counted against the user's credentials_revoked_at (a float: two servers may sign
# in and revoke within the same second). Kept apart from STARTED so that keeping a session alive through a revocation
# does not extend its absolute lifetime.
CREDENTIALS_AT = "_authsite_credentials_at"

NORMAL, REMEMBER, STAFF = "normal", "remember", "staff"


def limits(kind):
    """(idle, absolute) seconds for a kind of session."""
    if kind == STAFF:
        return conf.STAFF_IDLE_SECONDS, conf.STAFF_ABSOLUTE_SECONDS
    if kind == REMEMBER:
        return conf.REMEMBER_IDLE_SECONDS, conf.REMEMBER_ABSOLUTE_SECONDS
    return conf.SESSION_IDLE_SECONDS, conf.SESSION_ABSOLUTE_SECONDS


def kind_for(user, remember):
    # Staff get the short lifetimes even if they tick "remember me": their sessions are worth more to an attacker.
    if user.is_staff or user.is_superuser:
        return STAFF
    return REMEMBER if remember else NORMAL


def idle_timeout_for(session):
    return limits(session.get(KIND, NORMAL))[0]


def start(session, user, remember, *, ip, user_agent):
    now = int(time.time())
    kind = kind_for(user, remember)
    session[KIND] = kind
    session[STARTED] = now
    session[SEEN] = now
    session[IP] = ip
    session[USER_AGENT] = user_agent
    # The session key is a bearer credential and never leaves the cookie; pages name a session by this id instead.
    session[PUBLIC_ID] = secrets.token_urlsafe(12)
    session[CREDENTIALS_AT] = time.time()
    # A remembered session keeps a persistent cookie; every other one ends when the browser closes.
    session.set_expiry(limits(kind)[0] if kind == REMEMBER else 0)


def expired_reason(session, now=None):
    """'idle' or 'absolute' when the session has run out, else None."""
    now = now if now is not None else time.time()
    idle, absolute = limits(session.get(KIND, NORMAL))
    if now - session.get(STARTED, now) > absolute:
        return "absolute"
    if now - session.get(SEEN, now) > idle:
        return "idle"
    return None


def predates_revocation(session, user):
    """True when the user revoked their credentials (sign out everywhere, password change, ...) after this session
    signed in. The stamp lives on the user row in PostgreSQL, which the request has loaded anyway, so this holds even
    if Redis lost the deletion of the session (a failover) and costs no query."""
    revoked_at = user.credentials_revoked_at
    if revoked_at is None:
        return False
    signed_in_at = session.get(CREDENTIALS_AT, session.get(STARTED, 0))
    return signed_in_at < revoked_at.timestamp()


def survive_revocation(session, revoked_at):
    """The session that made the change keeps working: it counts as signed in at the stamp itself (not "now", which
    another server's clock might place a hair before the stamp)."""
    session[CREDENTIALS_AT] = revoked_at.timestamp()


def touch(session, now=None):
    """Move the idle clock forward, but write at most once per SESSION_TOUCH_SECONDS."""
    now = int(now if now is not None else time.time())
    if now - session.get(SEEN, 0) >= conf.SESSION_TOUCH_SECONDS:
        session[SEEN] = now
