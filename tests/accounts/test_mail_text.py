"""Emails are plain text: nothing in them is HTML-escaped, and on the development console each link is one line."""

import io
from pathlib import Path

import pytest

from accounts.mail import notify_user, render_plain_text, send_mail_template
from accounts.mail_backends import ReadableConsoleBackend
from tests.helpers import make_user

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]

EMAIL_TEMPLATES = sorted(path.name for path in (Path(__file__).resolve().parents[2] / "templates" / "emails").glob("*_*.txt")
                         if not path.name.startswith("_"))
ESCAPES = ("&amp;", "&#x27;", "&#39;", "&quot;", "&lt;", "&gt;")


@pytest.mark.parametrize("template", EMAIL_TEMPLATES)
def test_no_email_template_html_escapes_names(settings, template):
    settings.SITE_NAME = "Tom & Jerry's <Site>"
    user = make_user("obrien@example.com", display_name="O'Brien & Co")
    text = render_plain_text(f"emails/{template}", {"site_name": settings.SITE_NAME, "user": user,
                                                    "site_url": settings.SITE_URL, "minutes": 15})
    assert not any(escape in text for escape in ESCAPES), text
    assert "Tom & Jerry's <Site>" in text  # every email names the site


def test_new_device_and_locked_mails_show_the_name_as_typed(settings, mailoutbox):
    settings.SITE_NAME = "Tom & Jerry's"
    user = make_user("obrien@example.com", display_name="O'Brien & Co")
    notify_user(user, "new_device", sessions_url="https://example.test/account/sessions/")
    notify_user(user, "account_locked", minutes=15)
    new_device, locked = mailoutbox
    assert new_device.body.startswith("Hello O'Brien & Co,")
    assert locked.body.startswith("Hello O'Brien & Co,")
    assert new_device.subject == "New sign-in to your Tom & Jerry's account"
    assert locked.subject == "Tom & Jerry's: sign-in to your account paused after failed attempts"


def test_the_development_console_prints_links_whole_on_one_line_in_utf8(settings):
    settings.SITE_NAME = "Café & Co"
    link = "http://localhost:8123/signup/verify/MQ/" + "aB3-_=" * 12 + "/"
    stream = io.StringIO()
    settings.MAILERS = {"default": {"BACKEND": "accounts.mail_backends.ReadableConsoleBackend",
                                    "OPTIONS": {"stream": stream}}}
    user = make_user("zoe@example.com", display_name="Zoë")
    send_mail_template("verify_email", user.email, user=user, link=link, valid_hours=24)
    printed = stream.getvalue()
    assert link in printed.splitlines()  # the whole link alone on its line: copy, paste, it works
    assert "— Café & Co" in printed
    assert "Subject: Confirm your email address for Café & Co" in printed
    assert "=3D" not in printed and "quoted-printable" not in printed


def test_djangos_own_console_backend_would_break_that_link(settings):
    """Why the readable backend exists: the plain console backend cuts the same link (this fails if Django changes)."""
    from django.core.mail import EmailMessage
    from django.core.mail.backends.console import EmailBackend

    link = "http://localhost:8123/signup/verify/MQ/" + "aB3-_=" * 12 + "/"
    ours, django = io.StringIO(), io.StringIO()
    message = EmailMessage(subject="Zoë", body=f"Hello Zoë\n\n{link}\n", to=["zoe@example.com"])
    EmailBackend(stream=django).send_messages([message])
    ReadableConsoleBackend(stream=ours).send_messages([message])
    assert link not in django.getvalue()
    assert link in ours.getvalue()
