"""Work done off the request thread, so a reply never waits on it (or reveals it by its timing).

Sign-up and reset requests hand everything that depends on whether the account exists (the lookup, new rows, the
mail) to run_off_request(); the request thread does the same work for known and unknown addresses. A job's failure
is logged, never raised: the reply must not change with it.

The pool is per process (created lazily, so after gunicorn forks) and small: mail is slow but rare.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from types import SimpleNamespace

from django.db import close_old_connections, connections

from accounts.conf import accounts_settings

logger = logging.getLogger("authsite.dispatch")

# The request facts a job may need (client IP, user agent) without holding the request object itself.
DETACHED_META = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT")

_pool = None
_pending = set()
_lock = threading.Lock()


def detach(request):
    """A stand-in for `request` that audit.record() and accounts.mail can read after the request has ended."""
    if request is None:
        return None
    return SimpleNamespace(META={name: request.META[name] for name in DETACHED_META if name in request.META})


def _run(job, args):
    close_old_connections()
    try:
        job(*args)
    except Exception:
        logger.exception("background job %s failed", getattr(job, "__name__", job))
    finally:
        connections.close_all()  # this thread's connections; a pool thread may idle for hours


def run_off_request(job, *args):
    """Run job(*args) on the background pool (or inline when AUTHSITE_MAIL_IN_BACKGROUND is False)."""
    global _pool
    if not accounts_settings.MAIL_IN_BACKGROUND:
        try:
            job(*args)
        except Exception:
            logger.exception("job %s failed", getattr(job, "__name__", job))
        return
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="authsite-mail")
        future = _pool.submit(_run, job, args)
        _pending.add(future)
    future.add_done_callback(_pending.discard)


def wait_for_background_jobs(timeout=30):
    """Block until every job submitted so far has finished (tests; a graceful shutdown hook)."""
    with _lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)
