import os

from django.core.exceptions import ImproperlyConfigured

from authsite.env import refuse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "authsite.settings")

try:
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()
except ImproperlyConfigured as refusal:
    refuse(refusal, exit_code=4)  # one line, no traceback (see authsite/wsgi.py)
