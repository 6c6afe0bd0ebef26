"""Steps the browser tests share."""

from tests.helpers import PASSWORD


def sign_in_with_password(page, site_url, email, password=PASSWORD):
    """Sign in through the real login page and wait for the home page (an account without a second factor)."""
    page.goto(f"{site_url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{site_url}/")
