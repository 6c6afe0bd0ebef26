"""Two real browsers signed in as one user: the first ends the second from 'Your sessions'."""

import pytest

from tests.e2e.pages import sign_in_with_password
from tests.helpers import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_one_browser_signs_the_other_out(new_page, site_url):
    make_user("two@example.com")
    first, second = new_page(), new_page()
    sign_in_with_password(first, site_url, "two@example.com")
    sign_in_with_password(second, site_url, "two@example.com")

    first.goto(f"{site_url}/account/sessions/")
    rows = first.locator("tbody tr")
    assert rows.count() == 2
    assert "(this device)" in rows.nth(0).inner_text()
    rows.nth(1).get_by_role("button", name="Sign out").click()
    first.wait_for_url(f"{site_url}/account/sessions/")
    assert "That session has been signed out." in first.content()
    assert first.locator("tbody tr").count() == 1

    second.goto(f"{site_url}/account/")
    assert second.url.startswith(f"{site_url}/login/")
    first.goto(f"{site_url}/account/")
    assert first.url == f"{site_url}/account/"
