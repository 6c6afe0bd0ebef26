"""The per-request Redis work of the API, in one round trip: count the request against the shared "api" limit and
ask whether the access token's jti was logged out.

The count is the very counter accounts.throttle.hit(request, "api") keeps (django-ratelimit's key and fixed window),
so every /api/ request, with a token or without, draws on one limit per client network. django-ratelimit would
spend one round trip on the count (two once the key exists) and the denylist another; a pipeline sends the three
commands together: SET key 0 NX EX (the window's first request creates it), INCR, EXISTS.

The denylist holds what may expire: an entry lives until the token it names would have expired anyway. A Redis
failover can drop entries; revocations that must survive one (logout-all, password change, deactivation) are on
the user row (credentials_revoked_at) instead.
"""

import time

from django.core.cache import cache
from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key, _split_rate

from accounts import throttle
from accounts.conf import accounts_settings
from accounts.redis import raw_redis

DOOR = "api"
GROUP = f"authsite.{DOOR}"  # as accounts.throttle.hit names it
ALL_METHODS = (None,)  # django_ratelimit.ALL


def _denied_key(jti):
    return f"api:denied-jti:{jti}"


def deny(jti, exp):
    """Refuse the access token `jti` until its expiry `exp` (epoch seconds)."""
    ttl = max(1, int(exp - time.time()) + 1)
    cache.set(_denied_key(jti), 1, timeout=ttl)


def count_request(request, jti=None):
    """Count this /api/ request; (Refusal or None, whether `jti` is on the denylist)."""
    redis = raw_redis()
    if redis is None:  # DEBUG's database cache: the same answers, more round trips
        refusal = throttle.hit(request, DOOR)
        return refusal, bool(jti) and cache.get(_denied_key(jti)) is not None
    value = throttle.client_network(request)
    rate = accounts_settings.RATE_LIMITS[DOOR]
    limit, period = _split_rate(rate)
    window = _get_window(value, period)
    counter = cache.make_and_validate_key(_make_cache_key(GROUP, window, rate, value, ALL_METHODS))
    pipe = redis.pipeline(transaction=False)
    pipe.set(counter, 0, nx=True, ex=period + EXPIRATION_FUDGE)
    pipe.incr(counter)
    if jti:
        pipe.exists(cache.make_and_validate_key(_denied_key(jti)))
    results = pipe.execute()
    refusal = throttle.Refusal(max(1, window - int(time.time()))) if results[1] > limit else None
    return refusal, bool(jti) and bool(results[2])
