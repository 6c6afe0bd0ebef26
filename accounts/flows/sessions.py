"""A user's sessions: list them, end one, end all (or all but the current one).

Every route that must sign a user out elsewhere (password change and reset, deactivation, operator commands,
"sign out everywhere") calls revoke_sessions(); it touches only that user's sessions through the per-user index.
"""

from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.core.cache import cache

from accounts import session_index
from audit import events
from audit.record import record


def _cache_keys(session_keys):
    return [KEY_PREFIX + key for key in session_keys]


def user_sessions(user):
    """{session_key: session data} for each live session of the user. Stale index entries are dropped."""
    keys = session_index.keys(user.pk)
    if not keys:
        return {}
    found = cache.get_many(_cache_keys(keys))
    live = {key: found[KEY_PREFIX + key] for key in keys if KEY_PREFIX + key in found}
    stale = [key for key in keys if key not in live]
    session_index.remove(user.pk, stale)
    return live


def revoke_sessions(user, *, keep=None, request=None, reason, actor=None):
    """End every session of `user` except the session key `keep`. Returns how many were ended."""
    doomed = [key for key in session_index.keys(user.pk) if key != keep]
    if doomed:
        cache.delete_many(_cache_keys(doomed))
        session_index.remove(user.pk, doomed)
    record(events.SESSIONS_REVOKED, request=request, user=user, actor=actor, reason=reason, count=len(doomed),
           kept_current=keep is not None)
    return len(doomed)


def revoke_session(user, session_key, *, request=None):
    """End one session, only if it belongs to `user` (an id alone never reaches another user's session)."""
    if session_key not in session_index.keys(user.pk):
        return False
    cache.delete(KEY_PREFIX + session_key)
    session_index.remove(user.pk, [session_key])
    record(events.SESSION_REVOKED, request=request, user=user)
    return True
