"""The README's run command creates a demo user whose stated email and password sign in."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_demo_user_stated_in_the_readme_can_sign_in(client):
    stated = re.search(r"as \*\*(\S+@\S+)\*\* with the password \*\*([^*]+)\*\*", README.read_text())
    email, password = stated.groups()
    call_command("create_demo_user")
    call_command("create_demo_user")  # running it again (every `scripts/run`) keeps one working account
    assert client.post("/login/", {"email": email, "password": password}).status_code == 302
    assert client.get("/account/").status_code == 200
