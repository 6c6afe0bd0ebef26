"""gunicorn reads this file from the working directory before it starts anything (the Docker image's /app).

It sets authsite up once, in the master process, so a missing or invalid setting stops gunicorn with one line and
exit code 1, instead of the same line from every worker (authsite/wsgi.py still refuses in a worker when gunicorn
runs without this file).
"""

import os

from authsite.env import set_up_or_refuse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "authsite.settings")
set_up_or_refuse()
