"""Rotating SECRET_KEY with SECRET_KEY_FALLBACKS: sessions, one-time links and known devices survive one rotation."""

import pytest
from django.core import mail
from django.test import override_settings

from accounts import tokens
from accounts.models import OneTimeLink
from tests.helpers import PASSWORD

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]

OLD, NEW = "the-old-secret-key-" + "o" * 40, "the-new-secret-key-" + "n" * 40


def rotated():
    return override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])


def test_a_session_survives_one_rotation(client, user):
    from django.test import Client

    idle = Client()
    with override_settings(SECRET_KEY=OLD):
        for browser in (client, idle):
            assert browser.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    with rotated():
        assert client.get("/account/").status_code == 200  # verified under the fallback, re-keyed under NEW
    with override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[]):
        assert client.get("/account/").status_code == 200
        assert idle.get("/account/").status_code == 302  # not seen while the old key was a fallback: signed out


def test_a_reset_link_mailed_before_a_rotation_still_works_after_it(client, user):
    with override_settings(SECRET_KEY=OLD):
        uidb64, secret = tokens.issue(user, OneTimeLink.RESET_PASSWORD, 3600)
    with rotated():
        assert tokens.find(uidb64, secret, OneTimeLink.RESET_PASSWORD) is not None
    with override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[]):
        assert tokens.find(uidb64, secret, OneTimeLink.RESET_PASSWORD) is None  # the old key retired: link dead


def test_known_devices_stay_known_across_a_rotation(client, user):
    from django.test import Client

    with override_settings(SECRET_KEY=OLD):
        Client().post("/login/", {"email": user.email, "password": PASSWORD})  # first device: remembered
        Client(HTTP_USER_AGENT="curl/8").post("/login/", {"email": user.email, "password": PASSWORD})
    sent = len(mail.outbox)
    with rotated():
        Client().post("/login/", {"email": user.email, "password": PASSWORD})
    assert len(mail.outbox) == sent  # the same browser and IP: no "new device" mail after the rotation
