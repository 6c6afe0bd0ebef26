"""gunicorn reads this file from the working directory before it starts anything (the Docker image's /app).

It reads authsite's settings once, in the master process, so a missing or invalid variable stops gunicorn with one
line and exit code 1, instead of the same line from every worker (authsite/wsgi.py still refuses in a worker when
gunicorn runs without this file).
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "authsite.settings")


def _read_settings_or_refuse():
    from django.conf import settings

    from authsite.env import refuse

    try:
        settings.INSTALLED_APPS  # noqa: B018  (reading one setting loads authsite/settings.py)
    except ImproperlyConfigured as refusal:
        refuse(refusal)


_read_settings_or_refuse()
