"""In headless Chromium with AUTHSITE_PROFILE=banking: the password leads straight to enrolment, there is no
"remember me", and the session cookie copied into a browser with another User-Agent ends the session, whose login
page says why."""

import pyotp
import pytest

from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, make_user

OTHER_USER_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    "Version/18.1 Mobile/15E148 Safari/604.1")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_banking_enrols_on_first_sign_in_and_binds_the_session_to_the_browser(site_url, chromium, page, settings):
    settings.AUTHSITE_PROFILE = "banking"
    user = make_user("banker@example.com")
    page.goto(f"{site_url}/login/")
    assert page.locator("input[name=remember]").count() == 0
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()  # not "Sign in with a passkey"
    page.wait_for_url("**/account/two-factor/setup/")
    authenticator = pyotp.TOTP(page.inner_text("#totp-secret").replace(" ", ""))  # shown in groups of four
    page.fill("input[name=code]", authenticator.now())
    page.click("button:has-text('Turn on two-factor authentication')")
    assert page.locator("#recovery-codes code").count() == 10
    page.goto(f"{site_url}/account/")
    assert page.url == f"{site_url}/account/"

    # The same cookies in a browser that says it is Safari on an iPhone: the session ends for both.
    stolen = page.context.cookies()
    elsewhere = chromium.new_context(user_agent=OTHER_USER_AGENT)
    try:
        elsewhere.add_cookies(stolen)
        thief = elsewhere.new_page()
        thief.goto(f"{site_url}/account/")
        assert "/login/" in thief.url
        assert "used from another device or network" in thief.content()
    finally:
        elsewhere.close()
    page.goto(f"{site_url}/account/")
    assert "/login/" in page.url
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_BINDING_MISMATCH,
                                    details__mismatch="device").exists()
