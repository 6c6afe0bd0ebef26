"""The README's run command creates a demo user whose stated email and password sign in."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_demo_user_stated_in_the_readme_can_sign_in(client, settings):
    settings.DEBUG = True  # the development setup scripts/run makes
    stated = re.search(r"as \*\*(\S+@\S+)\*\* with the password \*\*([^*]+)\*\*", README.read_text())
    email, password = stated.groups()
    call_command("create_demo_user")
    call_command("create_demo_user")  # running it again (every `scripts/run`) keeps one working account
    assert client.post("/login/", {"email": email, "password": password}).status_code == 302
    assert client.get("/account/").status_code == 200


def test_with_debug_off_it_refuses_to_publish_a_known_password(settings):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="published in the README"):
        call_command("create_demo_user")
    assert not get_user_model().objects.filter(email="demo@example.com").exists()


def test_with_debug_off_a_flag_that_says_so_creates_it(settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = False
    call_command("create_demo_user", "--publish-known-password-in-production")
    assert get_user_model().objects.get(email="demo@example.com").check_password("correct horse battery staple")
