"""Baselines for bench/pageviews.py, served by the same gunicorn settings as authsite.

BENCH_STACK=bare  → one view, no middleware at all.
BENCH_STACK=plain → a minimal Django stack with Redis sessions: SessionMiddleware + AuthenticationMiddleware and
                    the same signed-in page, none of authsite's extras (boundary, timeouts, CSP, audit, ...).
BENCH_STACK=default → Django's own default stack: the seven middleware `django-admin startproject` writes, with
                    Redis cache sessions and the same page. The baseline authsite is compared with.
"""

import os

from authsite.settings import *  # noqa: F403  (same database, cache, user model, templates)
from authsite.settings import INSTALLED_APPS

STACK = os.environ.get("BENCH_STACK", "bare")
ROOT_URLCONF = "bench.plain_urls"
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# No admin (its checks want the messages middleware, and wsgi.py runs the checks at start-up).
INSTALLED_APPS = [app for app in INSTALLED_APPS if "admin" not in app.lower()]
AUTHSITE_USER_ADMIN_PARTS = []  # admin parts, checked at start-up, import the admin this stack leaves out
if STACK == "bare":
    MIDDLEWARE = []
elif STACK == "default":
    MIDDLEWARE = [  # exactly what `django-admin startproject` generates
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
else:
    MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
