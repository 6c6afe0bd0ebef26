"""Passkeys in real Chromium with a virtual authenticator (DevTools WebAuthn domain: CTAP2, internal, resident keys,
user verification) on http://localhost:<port> (browsers refuse IP addresses as RP IDs). The pages must raise no CSP
violation: the only script is the static passkeys.js."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from audit import events
from audit.models import AuthEvent
from mfa.models import Passkey
from tests.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STEP_TIMEOUT_MS = 15_000


class Browser:
    """One browser context with one virtual authenticator, and the CSP violations its pages reported."""

    def __init__(self, chromium, base):
        self.base = base
        self.context = chromium.new_context()
        self.page = self.context.new_page()
        self.page.set_default_timeout(STEP_TIMEOUT_MS)
        self.csp_violations = []
        self.page.on("console", lambda message: "Content Security Policy" in message.text
                     and self.csp_violations.append(message.text))
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("WebAuthn.enable", {"enableUI": False})
        self.authenticator = self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
            "isUserVerified": True, "automaticPresenceSimulation": True}})["authenticatorId"]

    def credentials(self):
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.authenticator})["credentials"]

    def readd_with_counter(self, credential, sign_count):
        """Remove a credential and add it back with another signature counter: a clone of the key."""
        self.cdp.send("WebAuthn.removeCredential", {"authenticatorId": self.authenticator,
                                                    "credentialId": credential["credentialId"]})
        self.cdp.send("WebAuthn.addCredential", {"authenticatorId": self.authenticator,
                                                 "credential": {**credential, "signCount": sign_count}})

    def sign_in_with_password(self, email):
        self.page.goto(f"{self.base}/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in", exact=True).click()

    def sign_in_with_passkey(self):
        self.page.goto(f"{self.base}/login/")
        self.page.get_by_role("button", name="Sign in with a passkey").click()

    def add_passkey(self, name):
        self.page.goto(f"{self.base}/account/passkeys/")
        self.page.get_by_label("Name of the new passkey").fill(name)
        self.page.get_by_role("button", name="Add a passkey").click()

    def sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url(f"{self.base}/login/")

    def close(self):
        self.context.close()


@pytest.fixture
def browser(chromium, site_url, settings):
    settings.SITE_URL = site_url  # the RP ID is SITE_URL's host: localhost, as the browser sees the page
    made = Browser(chromium, site_url)
    yield made
    made.close()


def test_register_sign_in_both_ways_and_step_up_with_a_passkey(browser, site_url):
    user = make_user("browser@example.com")
    page = browser.page

    browser.sign_in_with_password(user.email)
    page.wait_for_url(f"{site_url}/")
    page.goto(f"{site_url}/account/")
    page.get_by_role("link", name="Manage passkeys").click()
    page.get_by_label("Name of the new passkey").fill("Chromium")
    page.get_by_role("button", name="Add a passkey").click()
    page.locator("#recovery-codes").wait_for()  # the first second factor: two-factor is on, with recovery codes
    passkey = Passkey.objects.get(user=user)
    assert passkey.name == "Chromium" and len(browser.credentials()) == 1
    assert browser.credentials()[0]["isResidentCredential"]

    # The same authenticator again: the browser refuses (excludeCredentials) and the page says so.
    browser.add_passkey("Again")
    error = page.locator("[data-passkey-error]")
    error.wait_for(state="visible")
    assert "already registered" in error.inner_text()
    assert Passkey.objects.filter(user=user).count() == 1
    browser.sign_out()

    # Password, then the passkey as the second factor.
    browser.sign_in_with_password(user.email)
    page.wait_for_url("**/login/code/**")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(f"{site_url}/")
    assert AuthEvent.objects.filter(user=user, event=events.MFA_VERIFIED, details__method="webauthn").exists()
    browser.sign_out()

    # Passwordless: no email typed.
    browser.sign_in_with_passkey()
    page.wait_for_url(f"{site_url}/")
    page.goto(f"{site_url}/account/")
    assert "browser@example.com" in page.content()
    assert AuthEvent.objects.filter(user=user, event=events.LOGIN_SUCCEEDED, details__method="passkey").exists()

    # Step-up with the passkey once the last check is older than five minutes.
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        page.goto(f"{site_url}/account/passkeys/")
        page.wait_for_url("**/reauth/**")
        page.get_by_role("button", name="Confirm with a passkey").click()
        page.wait_for_url(f"{site_url}/account/passkeys/")
    assert AuthEvent.objects.filter(user=user, event=events.REAUTH_SUCCEEDED, details__method="passkey").exists()
    assert browser.csp_violations == []


def test_a_credential_re_added_with_a_lower_counter_is_refused_and_audited(browser, site_url):
    user = make_user("clone@example.com")
    browser.sign_in_with_password(user.email)
    page = browser.page
    page.wait_for_url(f"{site_url}/")
    browser.add_passkey("Key")
    page.locator("#recovery-codes").wait_for()
    browser.sign_out()
    for _ in range(2):
        browser.sign_in_with_passkey()
        page.wait_for_url(f"{site_url}/")
        browser.sign_out()
    credential = browser.credentials()[0]
    stored = Passkey.objects.get(user=user).sign_count
    assert stored == credential["signCount"] and stored > 1

    browser.readd_with_counter(credential, 0)  # the copy signs with counter 1: not above what the site has seen
    browser.sign_in_with_passkey()
    page.wait_for_url(f"{site_url}/login/passkey/")
    assert "could not be used" in page.get_by_role("alert").inner_text()  # an error: announced as an alert
    assert AuthEvent.objects.filter(user=user, event=events.PASSKEY_CLONE_SUSPECTED).exists()


def test_staff_whose_only_second_factor_is_a_passkey_reach_the_admin_passwordless_until_reset(browser, site_url):
    staff = make_user("operator@example.com", is_staff=True, is_superuser=True)
    page = browser.page
    browser.sign_in_with_password(staff.email)
    page.wait_for_url("**/account/two-factor/setup/")  # enrolment is owed; a passkey settles it
    browser.add_passkey("Operator key")
    page.locator("#recovery-codes").wait_for()
    browser.sign_out()

    browser.sign_in_with_passkey()
    page.wait_for_url(f"{site_url}/")
    page.goto(f"{site_url}/admin/")
    assert page.url == f"{site_url}/admin/"
    assert page.get_by_role("heading", name="User management").is_visible()
    assert browser.csp_violations == []

    # An operator resets the account's two-factor: this session ends, and the passkey no longer signs in.
    call_command("reset_mfa", staff.email, stdout=io.StringIO())
    page.goto(f"{site_url}/account/")
    assert page.url.startswith(f"{site_url}/login/")
    browser.sign_in_with_passkey()
    page.wait_for_url(f"{site_url}/login/passkey/")
    assert "could not be used" in page.get_by_role("alert").inner_text()  # an error: announced as an alert


def test_without_javascript_the_passkey_buttons_are_hidden_and_passwords_work(chromium, site_url, settings):
    settings.SITE_URL = site_url
    user = make_user("nojs@example.com")
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(f"{site_url}/login/")
        assert not page.get_by_role("button", name="Sign in with a passkey").is_visible()
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(f"{site_url}/")
        page.goto(f"{site_url}/account/passkeys/")
        assert not page.get_by_role("button", name="Add a passkey").is_visible()
    finally:
        context.close()
