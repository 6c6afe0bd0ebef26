"""Sign in with Google in real headless Chromium, against a real OpenID Connect provider on loopback
(oidc-provider-mock on 127.0.0.1:0, predefined users with email_verified: true). Each case is bounded to a few
seconds: every wait has a 5 s ceiling and nothing leaves the machine (the provider's page links a CDN stylesheet,
which is refused at once)."""

import pyotp
import pytest
from social_django.models import UserSocialAuth

from mfa import totp
from tests.helpers import PASSWORD, make_user
from tests.mfa.helpers import enrol
from tests.social.conftest import USERS, point_at
from tests.social.provider import Provider

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(settings, site_url):
    from social.backends import GoogleOpenIdConnect

    GoogleOpenIdConnect.get_openid_configuration.invalidate()
    GoogleOpenIdConnect.get_jwks_keys_for_uri.invalidate()
    provider = Provider(USERS)
    point_at(settings, provider)
    settings.SITE_URL = site_url  # the redirect URI the browser comes back to
    yield provider
    provider.stop()


@pytest.fixture
def browser(page):
    page.set_default_timeout(5000)
    page.context.route("https://**/*", lambda route: route.abort())  # loopback only
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.csp_violations = violations
    return page


def press_google_and_pick(page, site_url, sub, next_path=""):
    page.goto(f"{site_url}/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_role("button", name="Sign in with Google").click()
    page.get_by_role("button", name=f"Authorize as {sub}").click()


def session_cookie(page):
    return next(cookie["value"] for cookie in page.context.cookies() if "sessionid" in cookie["name"])


def test_a_new_user_signs_in_with_google_and_comes_back_a_returning_user(browser, site_url, provider):
    press_google_and_pick(browser, site_url, "sub-newcomer", "/account/")
    browser.wait_for_url(f"{site_url}/account/")
    assert "newcomer@example.com" in browser.content()
    assert "Connected" in browser.locator("#google-section").inner_text()
    browser.get_by_role("button", name="Sign out").click()
    browser.wait_for_url(f"{site_url}/login/")

    press_google_and_pick(browser, site_url, "sub-newcomer", "/account/")
    browser.wait_for_url(f"{site_url}/account/")
    assert "newcomer@example.com" in browser.content()
    assert UserSocialAuth.objects.count() == 1
    assert browser.csp_violations == []


def test_an_existing_verified_account_is_linked_after_its_password(browser, site_url, provider):
    make_user("alice@example.com")

    press_google_and_pick(browser, site_url, "sub-alice")
    browser.wait_for_url(f"{site_url}/login/**")
    assert "Sign in to it with your password to connect Google" in browser.content()
    assert not UserSocialAuth.objects.exists()
    browser.get_by_label("Email").fill("alice@example.com")
    browser.get_by_label("Password").fill(PASSWORD)
    browser.get_by_role("button", name="Sign in", exact=True).click()
    browser.wait_for_url(f"{site_url}/")
    assert UserSocialAuth.objects.get().user.email == "alice@example.com"
    assert "Google sign-in is now connected" in browser.content()


def test_an_unverified_account_is_reclaimed_by_the_mailbox_owner(browser, site_url, provider):
    make_user("owner@example.com", display_name="Squatter", email_verified=False)

    press_google_and_pick(browser, site_url, "sub-owner", "/account/")
    browser.wait_for_url(f"{site_url}/account/")
    assert "owner@example.com" in browser.content() and "Real Owner" in browser.content()
    assert "Google is your only way to sign in" in browser.content()


def test_a_user_with_two_factor_gets_the_code_page_and_a_new_session_id_after_it(browser, site_url, provider):
    user = make_user("twofactor@example.com")
    UserSocialAuth.objects.create(user=user, provider="google-openidconnect", uid="sub-other", id_key="sub")
    device, _ = enrol(user)

    press_google_and_pick(browser, site_url, "sub-other", "/account/")
    browser.wait_for_url(f"{site_url}/login/code/**")
    pending_session = session_cookie(browser)
    browser.get_by_label("Code").fill(pyotp.parse_uri(totp.provisioning_uri(device)).now())
    browser.get_by_role("button", name="Continue").click()
    browser.wait_for_url(f"{site_url}/account/")
    assert session_cookie(browser) != pending_session


def test_staff_without_two_factor_are_sent_to_set_it_up(browser, site_url, provider):
    staff = make_user("staff@example.com", is_staff=True)
    UserSocialAuth.objects.create(user=staff, provider="google-openidconnect", uid="sub-other", id_key="sub")

    press_google_and_pick(browser, site_url, "sub-other", "/account/")
    browser.wait_for_url(f"{site_url}/account/two-factor/setup/")


def test_deny_at_the_provider_ends_on_the_login_page_with_a_message(browser, site_url, provider):
    browser.goto(f"{site_url}/login/")
    browser.get_by_role("button", name="Sign in with Google").click()
    browser.get_by_role("button", name="Deny access").click()
    browser.wait_for_url(f"{site_url}/login/")
    assert "Google sign-in was cancelled." in browser.content()
    assert not UserSocialAuth.objects.exists()


def test_without_the_pages_csp_override_chromium_would_block_the_way_to_google(browser, site_url, provider,
                                                                               monkeypatch, settings):
    # Why the override exists: with form-action 'self' the POST is allowed, its 302 to the provider is not.
    monkeypatch.setattr("social.csp.google_start_policy", lambda: settings.SECURE_CSP)
    browser.goto(f"{site_url}/login/")
    browser.get_by_role("button", name="Sign in with Google").click()
    browser.wait_for_timeout(1000)
    assert not provider.recorder.requests_to("/oauth2/authorize")
    assert any("form-action" in violation for violation in browser.csp_violations)
