"""A user's sessions: list them, end one, end all (or all but the current one).

Every route that must sign a user out elsewhere (password change and reset, deactivation, operator commands,
"sign out everywhere") calls revoke_sessions(); it touches only that user's sessions through the per-user index.
Pages name a session by its public id, never by its key: the key is a bearer credential.
"""

import time
from datetime import UTC, datetime

from django.contrib.auth import get_user_model, logout
from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.device_names import describe_device, device_family
from accounts.flows.new_device import notify_session_used_elsewhere
from accounts.sessions import index as session_index
from accounts.sessions import policy
from audit import events
from audit.client import client_ip, user_agent
from audit.record import record

LOGOUT_REASON = "_authsite_logout_reason"
BINDING_MISMATCH = "binding"


def _cache_keys(session_keys):
    return [KEY_PREFIX + key for key in session_keys]


def user_sessions(user):
    """{session_key: session data} for each live session of the user. Stale index entries are dropped; a session
    past its idle or absolute limit whose key is still kept for the "signed out" notice is not live."""
    keys = session_index.keys(user.pk)
    if not keys:
        return {}
    found = cache.get_many(_cache_keys(keys))
    stored = {key: found[KEY_PREFIX + key] for key in keys if KEY_PREFIX + key in found}
    session_index.remove(user.pk, [key for key in keys if key not in stored])
    return {key: data for key, data in stored.items()
            if policy.expired_reason(data) is None and not policy.ended_alone(data, user)}


def revoke_sessions(user, *, keep=None, request=None, reason, actor=None):
    """End every session of `user` except the session key `keep`. Returns how many were ended.

    Also stamps credentials_revoked_at on the user row: what was issued before it (sessions, API tokens) no longer
    counts, even if Redis loses the deletions below (the boundary ends such a session at its next request). The kept
    session, the request's own, is marked as signed in at the stamp so that it survives.
    """
    stamp_credentials_revoked(user)
    if keep is not None and request is not None and request.session.session_key == keep:
        policy.survive_revocation(request.session, user.credentials_revoked_at)
    doomed = [key for key in session_index.keys(user.pk) if key != keep]
    if doomed:
        cache.delete_many(_cache_keys(doomed))
        session_index.remove(user.pk, doomed)
    record(events.SESSIONS_REVOKED, request=request, user=user, actor=actor, reason=reason, count=len(doomed),
           kept_current=keep is not None)
    return len(doomed)


def stamp_credentials_revoked(user):
    user.credentials_revoked_at = timezone.now()
    get_user_model().objects.filter(pk=user.pk).update(credentials_revoked_at=user.credentials_revoked_at)


def end_expired_session(request):
    """End this request's session when it has outlived its idle or absolute limit, was signed in before the user's
    credentials were revoked, or (with SESSION_BINDING on) comes from another device or network than the one it is
    bound to: audited, then signed out, and the reason kept for the login page. True when it ended; otherwise the
    idle clock moves on. Reads only the session data and the user row the request has already loaded."""
    reason = policy.expired_reason(request.session)
    if reason is None and (policy.predates_revocation(request.session, request.user)
                           or policy.ended_alone(request.session, request.user)):
        reason = "revoked"
    if reason is not None:
        record(events.SESSION_EXPIRED, request=request, user=request.user, reason=reason)
    else:
        mismatch = policy.binding_mismatch(request.session, ip=lambda: client_ip(request),
                                           user_agent=user_agent(request))
        if mismatch is None:
            policy.touch(request.session)
            return False
        _report_binding_mismatch(request, mismatch)
        reason = BINDING_MISMATCH
    logout(request)
    request.session[LOGOUT_REASON] = reason
    return True


def _report_binding_mismatch(request, mismatch):
    """Audit what differed (device families and networks, never the session key) and send the owner the usual
    new-device mail, off the request thread: whoever holds a copy of the cookie is somewhere else."""
    bound = request.session.get(policy.BINDING, {})
    record(events.SESSION_BINDING_MISMATCH, request=request, user=request.user, mismatch=mismatch,
           bound_device=bound.get(policy.DEVICE), device=device_family(user_agent(request)),
           bound_network=bound.get(policy.NETWORK), network=policy.network_prefix(client_ip(request)))
    notify_session_used_elsewhere(request.user, request)


def pop_logout_reason(request):
    """Why this browser was signed out by the server ('idle', 'absolute', ...), once; None otherwise."""
    return request.session.pop(LOGOUT_REASON, None)


def revoke_session(user, public_id, *, request=None, actor=None):
    """End the session of `user` named by its public id. Another user's id simply matches nothing.

    `actor` is the admin ending someone else's session from the admin's user page."""
    for key, data in user_sessions(user).items():
        if public_id and data.get(policy.PUBLIC_ID) == public_id:
            _remember_ended_session(user, public_id, policy.absolute_end(data))
            cache.delete(KEY_PREFIX + key)
            session_index.remove(user.pk, [key])
            record(events.SESSION_REVOKED, request=request, user=user, actor=actor, device=describe_device(
                data.get(policy.USER_AGENT, "")))
            return True
    return False


def _remember_ended_session(user, public_id, until):
    """List the session on the user row (PostgreSQL) before deleting it from Redis; entries whose session is past its
    absolute limit go at the same time, so the list holds at most the user's live sessions. The row is locked so two
    sessions ended at once both stay listed."""
    now = time.time()
    with transaction.atomic():
        row = get_user_model().objects.select_for_update().only("ended_sessions").get(pk=user.pk)
        ended = {ended_id: end for ended_id, end in row.ended_sessions.items() if end > now}
        ended[public_id] = until
        get_user_model().objects.filter(pk=user.pk).update(ended_sessions=ended)
    user.ended_sessions = ended


def describe_sessions(user, current_key):
    """The user's live sessions for display: the current one first, then by last activity."""
    rows = [
        {
            "id": data.get(policy.PUBLIC_ID, ""),
            "device": describe_device(data.get(policy.USER_AGENT, "")),
            "ip": data.get(policy.IP) or "unknown",
            "started": _from_epoch(data.get(policy.STARTED)),
            "last_active": _from_epoch(data.get(policy.SEEN)),
            "current": key == current_key,
        }
        for key, data in user_sessions(user).items()
    ]
    return sorted(rows, key=lambda row: (not row["current"], -(row["last_active"] or _EPOCH).timestamp()))


_EPOCH = datetime.fromtimestamp(0, tz=UTC)


def _from_epoch(seconds):
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None
