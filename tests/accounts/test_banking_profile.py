"""AUTHSITE_PROFILE=banking: two-factor for everyone (enrolment right after the password), 15-minute idle and 8-hour
absolute sessions, no "remember me", sessions bound to device and network. A knob set explicitly still wins."""

import time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.test import Client

from accounts.conf import accounts_settings
from audit import events
from audit.models import AuthEvent
from mfa.conf import mfa_settings
from tests.authsite.test_policy_knobs import manage_check
from tests.helpers import sign_in
from tests.mfa.helpers import SETUP_PAGE, authenticator, enrol, sign_in_with_code, start_of_step
from tests.redis_clock import age_redis

MINUTE, HOUR = 60, 60 * 60
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/18.1 Mobile/15E148 Safari/604.1")


@pytest.fixture
def banking(settings):
    settings.AUTHSITE_PROFILE = "banking"
    return settings


def test_the_profile_switches_every_part_on(banking):
    assert accounts_settings.SESSION_IDLE_SECONDS == 15 * MINUTE
    assert accounts_settings.SESSION_ABSOLUTE_SECONDS == 8 * HOUR
    assert accounts_settings.REMEMBER_ME is False
    assert accounts_settings.SESSION_BINDING == "device+network"
    assert mfa_settings.REQUIRE_FOR_EVERYONE is True


def test_the_standard_profile_keeps_the_usual_defaults(settings):
    assert accounts_settings.PROFILE == "standard"
    assert (accounts_settings.SESSION_IDLE_SECONDS, accounts_settings.REMEMBER_ME) == (30 * MINUTE, True)
    assert accounts_settings.SESSION_BINDING == "off" and mfa_settings.REQUIRE_FOR_EVERYONE is False


def test_an_explicit_knob_wins_over_the_profile(banking):
    banking.AUTHSITE_SESSION_BINDING = "device"
    banking.AUTHSITE_SESSION_IDLE_SECONDS = 10 * MINUTE
    assert accounts_settings.SESSION_BINDING == "device" and accounts_settings.SESSION_IDLE_SECONDS == 10 * MINUTE


def test_a_user_without_two_factor_is_sent_to_enrolment_after_the_password(banking, client, user):
    response = sign_in(client, user)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == SETUP_PAGE
    for path in ("/account/", "/account/sessions/", "/account/password/"):
        assert client.get(path)["Location"] == SETUP_PAGE, path
    assert client.get(SETUP_PAGE).status_code == 200  # within the step-up window: not asked twice


def test_no_remember_me_in_the_banking_profile(banking, client, user):
    page = client.get("/login/").content.decode()
    assert 'name="remember"' not in page
    response = sign_in(client, user, remember="on")
    assert response.status_code == 302
    assert client.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == ""  # a browser-session cookie


def signed_in_with_code(user, **where):
    device, _ = enrol(user)
    browser = Client(**where)
    assert sign_in_with_code(browser, user, authenticator(device).now()).status_code == 302
    return browser


def test_idle_16_minutes_signs_out_with_the_reason(banking, user):
    with start_of_step() as clock:
        browser = signed_in_with_code(user, REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT=FIREFOX)
        assert browser.get("/account/").status_code == 200
        clock.shift(16 * MINUTE)
        age_redis(16 * MINUTE)
        response = browser.get("/account/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert b"signed out after a period of inactivity" in browser.get(response["Location"]).content
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_EXPIRED, details__reason="idle").exists()


def test_idle_14_minutes_keeps_the_session(banking, user):
    with start_of_step() as clock:
        browser = signed_in_with_code(user, REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT=FIREFOX)
        clock.shift(14 * MINUTE)
        age_redis(14 * MINUTE)
        assert browser.get("/account/").status_code == 200


@pytest.mark.parametrize("where", [
    {"REMOTE_ADDR": "198.51.100.10", "HTTP_USER_AGENT": SAFARI_IPHONE},  # another User-Agent
    {"REMOTE_ADDR": "198.51.77.10", "HTTP_USER_AGENT": FIREFOX},  # another /24
])
def test_a_replayed_cookie_from_another_device_or_network_is_refused_and_audited(banking, user, where):
    with start_of_step():
        owner = signed_in_with_code(user, REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT=FIREFOX)
        thief = Client(**where)
        thief.cookies = owner.cookies
        response = thief.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_BINDING_MISMATCH).count() == 1


def test_absolute_limit_is_8_hours_even_when_active(banking, user):
    with time_machine.travel(time.time(), tick=False) as clock:
        browser = signed_in_with_code(user, REMOTE_ADDR="198.51.100.10", HTTP_USER_AGENT=FIREFOX)
        for _ in range(8 * 6 - 1):
            clock.shift(10 * MINUTE)
            assert browser.get("/account/").status_code == 200
        clock.shift(10 * MINUTE + 1)
        assert browser.get("/account/").status_code == 302
    assert AuthEvent.objects.filter(user=user, event=events.SESSION_EXPIRED, details__reason="absolute").exists()


def test_an_unknown_profile_or_binding_stops_start_up(settings):
    settings.AUTHSITE_PROFILE = "bank"
    settings.AUTHSITE_SESSION_BINDING = "network"
    assert {"accounts.E001", "accounts.E002"} <= {message.id for message in run_checks()}


def test_the_profile_is_one_environment_variable():
    assert manage_check(AUTHSITE_PROFILE="banking").returncode == 0
    refused = manage_check(AUTHSITE_PROFILE="bankin")
    assert refused.returncode != 0 and "AUTHSITE_PROFILE" in refused.stderr
