"""The Redis cache entry of settings.CACHES, from REDIS_URL alone or with a Sentinel group.

With REDIS_SENTINELS and REDIS_SENTINEL_SERVICE, REDIS_URL still names the password and the database, and its host
is the Sentinel service name (redis://:password@mymaster/0). Every operation goes to the master: django-redis's
DefaultClient with its Sentinel connection factory, never its SentinelClient, which reads from replicas (a session
just written might not be there yet).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Fail fast when Redis is away, so the request becomes a calm 503 instead of a hung worker.
SOCKET_TIMEOUT = 1
SENTINEL_SOCKET_TIMEOUT = 0.5


def redis_cache(url, *, sentinels="", service="", sentinel_password="", recheck_seconds=0.5):
    options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": SOCKET_TIMEOUT,
        "SOCKET_TIMEOUT": SOCKET_TIMEOUT,
    }
    if sentinels or service:
        options.update(_sentinel_options(url, sentinels, service, sentinel_password, recheck_seconds))
    return {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "OPTIONS": options}


def _sentinel_options(url, sentinels, service, sentinel_password, recheck_seconds):
    if not sentinels or not service:
        _stop("REDIS_SENTINELS and REDIS_SENTINEL_SERVICE go together: set both or neither.")
    parts = urlsplit(url)
    example = f"redis://:PASSWORD@{service}/0"
    if parts.scheme != "redis":
        _stop(f"REDIS_URL must be {example} with REDIS_SENTINELS (the scheme was {parts.scheme or 'missing'!r}).")
    try:
        port = parts.port
    except ValueError:
        port = "invalid"
    if parts.hostname != service.lower() or port is not None:
        _stop(f"REDIS_URL names {parts.netloc.rpartition('@')[2]!r} but REDIS_SENTINEL_SERVICE is {service!r}: "
              f"with Sentinel, REDIS_URL is {example} (the service name as host, no port).")
    if not (0 < recheck_seconds <= 10):
        _stop(f"REDIS_SENTINEL_RECHECK_SECONDS must be between 0 and 10 seconds, not {recheck_seconds}.")
    return {
        "CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory",
        "CONNECTION_POOL_CLASS": "authsite.sentinel.MasterRecheckingPool",
        "CONNECTION_POOL_KWARGS": {"master_recheck_seconds": recheck_seconds},
        "SENTINELS": [_address(item) for item in sentinels.split(",") if item.strip()],
        "SENTINEL_KWARGS": {
            "password": sentinel_password or None,
            "socket_timeout": SENTINEL_SOCKET_TIMEOUT,
            "socket_connect_timeout": SENTINEL_SOCKET_TIMEOUT,
            # redis-py retries a refused connection ten times with backoff by default (about 4 s): one sentinel
            # that is down would stall every master check. The next sentinel is the retry.
            "retry": None,
        },
    }


def _address(item):
    host, _, port = item.strip().rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        _stop(f"REDIS_SENTINELS is a comma-separated list of host:port, and {item.strip()!r} is not one.")
    return host, int(port)


def _stop(message):
    raise ImproperlyConfigured(message)
