import os

from django.core.exceptions import ImproperlyConfigured

from authsite.env import refuse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "authsite.settings")

try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    # gunicorn does not run Django's system checks; run the serious ones here so a misconfigured server refuses to
    # start (a plug-in path that does not import, a misspelt AUTHSITE_* name) instead of failing on its first request.
    from django.core import checks

    _problems = [message for message in checks.run_checks() if message.is_serious()]
    if _problems:
        raise ImproperlyConfigured("; ".join(str(message) for message in _problems))
except ImproperlyConfigured as refusal:
    refuse(refusal, exit_code=4)  # one line, no traceback; gunicorn's master then stops ("App failed to load")
