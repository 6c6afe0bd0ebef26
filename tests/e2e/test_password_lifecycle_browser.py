"""In headless Chromium: sign up → verification link from the mail → sign in; then reset → new password → sign in.

Runs against pytest-django's live_server, with mail going out as in production: the pages queue it, a real worker
process (manage.py db_worker) sends it to the loopback SMTP server.
"""

import pytest
from playwright.sync_api import expect

from tests.smtp import body_of, link_in, smtp_server
from tests.workers import db_worker

EMAIL = "browser.person@example.com"
FIRST_PASSWORD = "orchard falcon ribbon 27"
NEW_PASSWORD = "tundra mosaic pepper 61"


@pytest.fixture
def site(site_url):
    # Links in the mail lead to this test server.
    with smtp_server() as (inbox, port), db_worker(port, extra_env={"SITE_URL": site_url}):
        yield site_url, inbox


def mailed_link(inbox, count, path_part):
    message = inbox.wait_for(count)[count - 1]
    assert message["To"] == EMAIL
    return link_in(body_of(message), path_part)


def sign_in(page, base, password):
    page.goto(f"{base}/login/")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    expect(page.locator("main")).to_contain_text(f"You are signed in as {EMAIL}")


@pytest.mark.e2e
def test_sign_up_verify_sign_in_then_reset_password_and_sign_in(site, new_page):
    base, inbox = site
    page = new_page()

    # Sign up from the login page's link.
    page.goto(f"{base}/login/")
    page.click("text=Create an account")
    page.fill("#id_email", EMAIL)
    page.fill("#id_display_name", "Browser Person")
    page.fill("#id_new_password1", FIRST_PASSWORD)
    page.fill("#id_new_password2", FIRST_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Check your email")

    # Not verified yet: the password alone does not sign in.
    page.goto(f"{base}/login/")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", FIRST_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".alert")).to_contain_text("Invalid email or password.")

    # The verification link from the mail, then sign in.
    page.goto(mailed_link(inbox, 1, "/signup/verify/"))
    expect(page.locator(".messages")).to_contain_text("Your email address is confirmed")
    sign_in(page, base, FIRST_PASSWORD)

    # A second browser is signed in too; the reset must end its session.
    other = new_page()
    sign_in(other, base, FIRST_PASSWORD)

    # Sign out, "Forgot your password?", the link from the mail, a new password.
    page.click("text=Sign out")
    page.goto(f"{base}/login/")
    page.click("text=Forgot your password?")
    page.fill("#id_email", EMAIL)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Check your email")
    reset_link = mailed_link(inbox, 2, "/password/reset/")
    page.goto(reset_link)
    assert page.url == f"{base}/password/reset/set/"  # the secret left the address bar before the form
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Sign in with your new password")
    assert page.url == f"{base}/login/"  # not signed in by the reset

    sign_in(page, base, NEW_PASSWORD)
    other.goto(f"{base}/account/")
    assert other.url.startswith(f"{base}/login/")  # the other browser was signed out

    page.goto(reset_link)
    expect(page.locator("h1")).to_have_text("This link does not work")
