"""The main browser path in real Chromium: sign in, see the account, sign out."""

import pytest

from tests.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_out_in_a_real_browser(page, site_url):
    make_user("browser@example.com", display_name="Browser User")

    page.goto(f"{site_url}/account/")
    assert page.url.startswith(f"{site_url}/login/?next=")

    page.get_by_label("Email").fill("browser@example.com")
    page.get_by_label("Password").fill("not the right one")
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.get_by_role("alert").inner_text().strip() == "Invalid email or password."
    assert page.get_by_label("Email").input_value() == "browser@example.com"
    assert page.get_by_label("Password").input_value() == ""

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{site_url}/account/")
    assert "browser@example.com" in page.content()

    cookie = next(c for c in page.context.cookies() if "sessionid" in c["name"])
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site_url}/login/")
    page.goto(f"{site_url}/account/")
    assert page.url.startswith(f"{site_url}/login/")
