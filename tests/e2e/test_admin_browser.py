"""In headless Chromium: an admin signs in with a code, finds a user, ends their sessions; the user's own browser is
signed out at its next request. No admin page raises a CSP violation (the overview's charts are inline SVG)."""

import re

import pytest

from tests.helpers import PASSWORD, make_user
from tests.mfa.helpers import authenticator, enrol

USER_PAGE = re.compile(r"/admin/accounts/user/\d+/change/")
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, site_url, email, code=None, next_url="/"):
    page.goto(f"{site_url}/login/?next={next_url}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if code is not None:
        page.wait_for_url("**/login/code/**")
        page.fill("input[name=code]", code)
        page.click("button:has-text('Continue')")


def test_admin_signs_in_with_a_code_finds_a_user_and_ends_their_sessions(new_page, site_url):
    admin_user = make_user("root@example.com", is_staff=True, is_superuser=True)
    device, _ = enrol(admin_user)
    make_user("carol@example.com", display_name="Carol Jones")
    make_user("dave@example.com")
    admin, carol = new_page(), new_page()
    csp_violations = []
    admin.on("console", lambda message: "Content Security Policy" in message.text
             and csp_violations.append(message.text))
    admin.set_default_timeout(15_000)
    carol.set_default_timeout(15_000)

    sign_in(carol, site_url, "carol@example.com")
    carol.wait_for_url(f"{site_url}/")
    sign_in(admin, site_url, admin_user.email, code=authenticator(device).now(), next_url="/admin/")
    admin.wait_for_url(f"{site_url}/admin/")

    admin.get_by_role("link", name="Users").first.click()
    admin.fill("#searchbar", "carol")
    admin.press("#searchbar", "Enter")
    admin.wait_for_url("**/admin/accounts/user/?q=carol")
    results = admin.locator("#result_list tbody tr")
    assert results.count() == 1
    assert results.first.locator(".field-active_sessions").inner_text() == "1"
    results.first.get_by_role("link", name="carol@example.com").click()
    admin.wait_for_url(USER_PAGE)
    assert admin.locator("#user-sessions tbody tr").count() == 1

    admin.get_by_role("link", name="End all sessions").click()
    admin.wait_for_url(re.compile(r"/actions/end_sessions/"))
    assert "are you sure?" in admin.content()
    assert "carol@example.com" in admin.locator("#confirm-users").inner_text()
    admin.get_by_role("button", name="Yes, end all sessions").click()
    admin.wait_for_url(USER_PAGE)
    admin.wait_for_selector("#user-sessions-none")
    assert "Ended the sessions of 1 of 1 selected user(s)." in admin.content()
    assert admin.locator("#user-sessions-none").is_visible()

    carol.goto(f"{site_url}/account/")
    assert carol.url.startswith(f"{site_url}/login/")

    admin.goto(f"{site_url}/admin/audit/authevent/overview/")
    assert admin.locator("svg#chart-0 rect").count() == 7 * 24
    admin.goto(f"{site_url}/admin/audit/authevent/?event=sessions.revoked")
    assert "carol@example.com" in admin.locator("#result_list").inner_text()
    assert csp_violations == []
