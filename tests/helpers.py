"""Small helpers shared by tests."""

import re

from django.contrib.auth import get_user_model

PASSWORD = "a long and unusual passphrase 42"

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def make_user(email, password=PASSWORD, **fields):
    fields.setdefault("display_name", email.split("@")[0].title())
    fields.setdefault("email_verified", True)
    return get_user_model().objects.create_user(email, password, **fields)


def without_csrf(body):
    """A response body with its CSRF token blanked, for byte-for-byte comparisons."""
    return CSRF_INPUT.sub(b'name="csrfmiddlewaretoken" value=""', body)


def session_cache_key(session_key):
    from django.contrib.sessions.backends.cache import KEY_PREFIX

    return KEY_PREFIX + session_key


def mail_link(message, path_part):
    """The one link in a locmem mail message whose path contains `path_part` (e.g. "/password/reset/")."""
    from tests.smtp import link_in

    return link_in(message.body, path_part)


def path_of(url):
    """The path of an absolute link, to follow it with the test client."""
    from urllib.parse import urlsplit

    return urlsplit(url).path
