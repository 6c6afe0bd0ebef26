"""Turning two-factor on needs a recent step-up: a session past its window (or a stolen one) cannot take the account
over by enrolling its own authenticator."""

from datetime import timedelta

import pyotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mfa.flows.setup import pending_device
from mfa.models import RecoveryCode
from tests.helpers import PASSWORD
from tests.mfa.helpers import SETUP_PAGE, password_step
from tests.mfa.test_setup import setup_page

REAUTH_FOR_SETUP = "/reauth/?next=%2Faccount%2Ftwo-factor%2Fsetup%2F"



def test_a_session_signed_in_six_minutes_ago_gets_the_step_up_page_not_the_secret(client, user, frozen_clock):
    assert password_step(client, user).status_code == 302
    frozen_clock.shift(timedelta(minutes=6))
    response = client.get(SETUP_PAGE)
    assert response.status_code == 302 and response["Location"] == REAUTH_FOR_SETUP
    assert not TOTPDevice.objects.filter(user=user).exists()  # no secret was even made


def test_a_stale_session_cannot_confirm_a_device_it_read_earlier(client, user, frozen_clock):
    assert password_step(client, user).status_code == 302
    _, uri, _, _ = setup_page(client)  # read while fresh; the attacker comes back later with the code
    frozen_clock.shift(timedelta(minutes=6))
    response = client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()})
    assert response.status_code == 302 and response["Location"] == REAUTH_FOR_SETUP
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()


def test_after_step_up_the_same_secret_enrols(client, user, frozen_clock):
    assert password_step(client, user).status_code == 302
    _, uri, secret, _ = setup_page(client)
    frozen_clock.shift(timedelta(minutes=6))
    confirmed = client.post(REAUTH_FOR_SETUP, {"method": "password", "password-secret": PASSWORD,
                                               "password-next": SETUP_PAGE})
    assert confirmed.status_code == 302 and confirmed["Location"] == SETUP_PAGE
    assert setup_page(client)[2] == secret
    assert client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()}).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_a_fresh_session_enrols_without_being_asked_again(client, user):
    assert password_step(client, user).status_code == 302
    _, uri, _, _ = setup_page(client)
    assert client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()}).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_staff_sent_to_enrolment_right_after_signing_in_are_not_asked_twice(client, staff_user):
    assert password_step(client, staff_user)["Location"] == "/"
    assert client.get("/")["Location"] == SETUP_PAGE
    assert client.get(SETUP_PAGE).status_code == 200


def test_staff_who_waited_confirm_their_password_then_enrol(client, staff_user, frozen_clock):
    assert password_step(client, staff_user)["Location"] == "/"
    frozen_clock.shift(timedelta(minutes=6))
    assert client.get(SETUP_PAGE)["Location"] == REAUTH_FOR_SETUP
    assert client.get(REAUTH_FOR_SETUP).status_code == 200  # not bounced back to setup: no redirect loop
    confirmed = client.post(REAUTH_FOR_SETUP, {"method": "password", "password-secret": PASSWORD,
                                               "password-next": SETUP_PAGE})
    assert confirmed["Location"] == SETUP_PAGE
    assert client.get(SETUP_PAGE).status_code == 200
    assert pending_device(staff_user) is not None
