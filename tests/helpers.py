"""Small helpers shared by tests."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

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


def typed_at_a_terminal(*answers):
    """An operator typing `answers` at getpass prompts on a real terminal (set_password checks for one)."""
    import io
    from contextlib import ExitStack
    from unittest import mock

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stack = ExitStack()
    stack.enter_context(mock.patch("sys.stdin", Terminal()))
    stack.enter_context(mock.patch("getpass.getpass", side_effect=list(answers)))
    return stack


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


def in_parallel(calls):
    """Run the calls at the same moment (a barrier releases them together); their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))
