import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "authsite.settings")
application = get_wsgi_application()

# gunicorn does not run Django's system checks; run the serious ones here so a misconfigured server refuses to start
# (a plug-in path that does not import, a misspelt AUTHSITE_* name) instead of failing on its first request.
from django.core import checks  # noqa: E402

_problems = [message for message in checks.run_checks() if message.is_serious()]
if _problems:
    raise ImproperlyConfigured("; ".join(str(message) for message in _problems))
