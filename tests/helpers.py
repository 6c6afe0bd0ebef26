"""Small helpers shared by tests."""

import re

from django.contrib.auth import SESSION_KEY, get_user_model

PASSWORD = "a long and unusual passphrase 42"

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def make_user(email, password=PASSWORD, **fields):
    fields.setdefault("display_name", email.split("@")[0].title())
    fields.setdefault("email_verified", True)
    return get_user_model().objects.create_user(email, password, **fields)


def sign_in(client, user_or_email, password=PASSWORD, **extra):
    """Submit the login form as a user (or an email) with the test client; returns the response.

    302 when the password step passed (to the next stage or the page), 400 when refused, 429 when throttled.
    Extra form fields (remember="on", next=...) go along.
    """
    email = getattr(user_or_email, "email", user_or_email)
    return client.post("/login/", {"email": email, "password": password, **extra})


def is_signed_in(client):
    """Does this test client's session belong to a signed-in user (Django's own session key for the user id)?"""
    return SESSION_KEY in client.session


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
