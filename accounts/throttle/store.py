"""Where login-throttle counters live: one small hash per subject (an account or an IP), changed atomically.

Used only by accounts.throttle. A change reads the subjects' states, lets a plain Python function decide, and
writes the result back in one step that cannot interleave with another worker's change of the same subjects:
Redis WATCH/MULTI/EXEC (optimistic locking; a change that raced another one is simply re-run on fresh data).
This is what makes "at most N password checks" hold with many workers and threads at once.

Times are the app's clock (time.time(), so tests control them with time-machine); Redis TTLs only collect garbage.
Locked subjects are also listed in a sorted set per kind, scored by when the lock ends, for the admin.

Without Redis (DEBUG's database cache) the same logic runs on the cache without atomicity: development only.
"""

from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import WatchError

from accounts.redis import raw_redis

FIELDS = {"slots": int, "fails": int, "window_end": float, "lock_end": float, "label": str}
GARBAGE_MARGIN_SECONDS = 60
MAX_RETRIES = 1000


class StoreBusy(RedisConnectionError):
    """A change kept racing others: answered like Redis being down (503), never as "allowed"."""


def _parse(raw):
    state = {}
    for name, value in (raw or {}).items():
        name = name.decode() if isinstance(name, bytes) else name
        value = value.decode() if isinstance(value, bytes) else value
        if name in FIELDS:
            state[name] = FIELDS[name](value)
    return state


def _ttl(state, now):
    """Seconds the key must outlive its last change, or 0 when the state holds nothing worth keeping."""
    end = max(state.get("window_end", 0.0), state.get("lock_end", 0.0))
    if end <= now or not (state.get("slots") or state.get("fails") or state.get("lock_end")):
        return 0
    return int(end - now) + GARBAGE_MARGIN_SECONDS


def index_key(kind):
    return f"throttle:locked:{kind}"


class RedisStore:
    def __init__(self, redis):
        self.redis = redis

    def _key(self, key):
        return cache.make_and_validate_key(key)

    def change(self, keys, decide, now):
        """decide(states) mutates {key: state dict} in place and returns the result; written back atomically."""
        names = {key: self._key(key) for key in keys}
        for _ in range(MAX_RETRIES):
            with self.redis.pipeline() as pipe:
                try:
                    pipe.watch(*names.values())
                    before = {key: _parse(pipe.hgetall(name)) for key, name in names.items()}
                    states = {key: dict(state) for key, state in before.items()}
                    result = decide(states)
                    pipe.multi()
                    for key, state in states.items():
                        if state != before[key]:
                            self._write(pipe, names[key], key, before[key], state, now)
                    pipe.execute()
                    return result
                except WatchError:  # another worker changed a subject between our read and our write
                    continue
        raise StoreBusy("throttle counters kept changing under contention")

    def _write(self, pipe, name, key, old, state, now):
        ttl = _ttl(state, now)
        pipe.delete(name)
        if ttl:
            pipe.hset(name, mapping={field: str(value) for field, value in state.items()})
            pipe.expire(name, ttl)
        if old.get("lock_end") != state.get("lock_end") and (state.get("label") or old.get("label")):
            kind = key.split(":")[1]
            index = self._key(index_key(kind))
            if state.get("lock_end"):
                pipe.zadd(index, {state["label"]: state["lock_end"]})
            else:
                pipe.zrem(index, old.get("label") or state["label"])

    def locked(self, kind, now):
        """[(label, lock_end)] of the subjects of this kind locked at `now`, soonest to end first."""
        index = self._key(index_key(kind))
        # One round trip (the admin's user list reads this on every page): prune and read in one pipeline.
        pipe = self.redis.pipeline(transaction=False)
        pipe.zremrangebyscore(index, "-inf", now)
        pipe.zrangebyscore(index, now, "+inf", withscores=True)
        _, members = pipe.execute()
        return [(label.decode() if isinstance(label, bytes) else label, score) for label, score in members]


class CacheStore:
    """The development fallback on any Django cache: same decisions, no atomicity."""

    def change(self, keys, decide, now):
        before = {key: cache.get(key) or {} for key in keys}
        states = {key: dict(state) for key, state in before.items()}
        result = decide(states)
        for key, state in states.items():
            if state == before[key]:
                continue
            ttl = _ttl(state, now)
            if ttl:
                cache.set(key, state, ttl)
            else:
                cache.delete(key)
            if before[key].get("lock_end") != state.get("lock_end"):
                self._index(key.split(":")[1], before[key].get("label") or state.get("label"), state.get("lock_end"))
        return result

    def _index(self, kind, label, lock_end):
        entries = cache.get(index_key(kind)) or {}
        if lock_end:
            entries[label] = lock_end
        else:
            entries.pop(label, None)
        cache.set(index_key(kind), entries, None)

    def locked(self, kind, now):
        entries = cache.get(index_key(kind)) or {}
        return sorted(((label, end) for label, end in entries.items() if end > now), key=lambda item: item[1])


def get_store():
    redis = raw_redis()
    return CacheStore() if redis is None else RedisStore(redis)
