"""The per-user index of sessions: a Redis sorted set per user, member = session key, score = expiry time.

Used only by the session store and the session flows. Without Redis (DEBUG fallback) the index is kept in the
cache as a plain dict, which is good enough for one development process.
"""

import time

from django.core.cache import cache

from accounts.redis import raw_redis

INDEX_KEY = "user-sessions:{}"


def index_key(user_id):
    """The Redis key of the user's sorted set (its full name, cache prefix included)."""
    return cache.make_and_validate_key(INDEX_KEY.format(user_id))


def add(user_id, session_key, expires_at):
    redis = raw_redis()
    if redis is None:
        entries = cache.get(INDEX_KEY.format(user_id), {})
        entries[session_key] = expires_at
        cache.set(INDEX_KEY.format(user_id), entries, None)
        return
    key = index_key(user_id)
    pipe = redis.pipeline(transaction=False)
    pipe.zadd(key, {session_key: expires_at})
    pipe.expireat(key, int(expires_at) + 1, gt=True)
    pipe.execute()


def remove(user_id, session_keys):
    if not session_keys:
        return
    redis = raw_redis()
    if redis is None:
        entries = cache.get(INDEX_KEY.format(user_id), {})
        for session_key in session_keys:
            entries.pop(session_key, None)
        cache.set(INDEX_KEY.format(user_id), entries, None)
        return
    redis.zrem(index_key(user_id), *session_keys)


def keys(user_id):
    """The user's unexpired session keys (expired members are pruned on the way)."""
    now = time.time()
    redis = raw_redis()
    if redis is None:
        entries = cache.get(INDEX_KEY.format(user_id), {})
        return [key for key, expires_at in entries.items() if expires_at > now]
    key = index_key(user_id)
    pipe = redis.pipeline(transaction=False)
    pipe.zremrangebyscore(key, "-inf", now)
    pipe.zrange(key, 0, -1)
    _, members = pipe.execute()
    return [member.decode() if isinstance(member, bytes) else member for member in members]
