"""In headless Chromium: enrol (secret read from the page), sign out, sign in with password + code, and with a
recovery code. The page must also raise no CSP violation (the QR code is inline SVG)."""

import time

import pyotp
import pytest

from tests.helpers import PASSWORD, make_user


def sign_in(page, base, email):
    page.goto(f"{base}/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page):
    page.click("header button:has-text('Sign out')")
    page.wait_for_url("**/login/")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(site_url, page):
    user = make_user("browser@example.com")
    base = site_url
    csp_violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and csp_violations.append(message.text))

    sign_in(page, base, user.email)
    page.goto(f"{base}/account/")
    page.click("text=Manage two-factor authentication")
    page.click("text=Turn it on")
    assert page.locator("#totp-qr svg").is_visible()
    authenticator = pyotp.TOTP(page.inner_text("#totp-secret").replace(" ", ""))  # typed without the spaces
    page.fill("input[name=code]", authenticator.now())
    page.click("button:has-text('Turn on two-factor authentication')")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    sign_out(page)

    sign_in(page, base, user.email)
    page.wait_for_url("**/login/code/**")
    # The code typed at enrolment is spent; the app accepts the next step's code (one step of clock drift).
    page.fill("input[name=code]", authenticator.at(time.time() + 30))
    page.click("button:has-text('Continue')")
    page.goto(f"{base}/account/")
    assert page.inner_text("#recovery-codes-left") == "10"
    sign_out(page)

    sign_in(page, base, user.email)
    page.wait_for_url("**/login/code/**")
    page.fill("input[name=code]", codes[0])
    page.click("button:has-text('Continue')")
    page.goto(f"{base}/account/")
    assert page.inner_text("#recovery-codes-left") == "9"
    assert csp_violations == []
