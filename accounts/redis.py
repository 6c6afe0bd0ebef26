"""The raw Redis client behind the default cache, for the few places that need more than get/set (sorted sets,
WATCH/MULTI), or None when the cache is not Redis (the DEBUG fallback to the database cache)."""

from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache


def raw_redis():
    # caches["default"], not the `cache` proxy: isinstance() must see the real backend.
    if isinstance(caches["default"], RedisCache):
        return get_redis_connection("default")
    return None
