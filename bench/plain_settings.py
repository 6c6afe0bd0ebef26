"""Baselines for bench/pageviews.py, served by the same gunicorn settings as authsite.

BENCH_STACK=bare  → one view, no middleware at all.
BENCH_STACK=plain → a plain Django stack with Redis sessions: SessionMiddleware + AuthenticationMiddleware and the
                    same account page, none of authsite's extras (boundary, timeouts, CSP, audit, ...).
"""

import os

from authsite.settings import *  # noqa: F403  (same database, cache, user model, templates)
from authsite.settings import INSTALLED_APPS

STACK = os.environ.get("BENCH_STACK", "bare")
ROOT_URLCONF = "bench.plain_urls"
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
INSTALLED_APPS = [app for app in INSTALLED_APPS if "admin" not in app.lower()]  # AuthsiteAdminConfig too
if STACK == "bare":
    MIDDLEWARE = []
else:
    MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
