"""Which exceptions mean "a backing service (Redis, PostgreSQL) is down" rather than a bug."""

import redis.exceptions
from django.db import InterfaceError, OperationalError

try:
    from django_redis.exceptions import ConnectionInterrupted
except ImportError:  # pragma: no cover
    ConnectionInterrupted = redis.exceptions.ConnectionError

BACKING_SERVICE_ERRORS = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionInterrupted,
    OperationalError,
    InterfaceError,
)


def is_backing_service_error(exc):
    return isinstance(exc, BACKING_SERVICE_ERRORS)
