"""A sign-in from a browser/IP pair not seen for 90 days is emailed and audited."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from audit.models import AuthEvent
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"


def sign_in_from(email, ip, agent=FIREFOX):
    assert sign_in(Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip), email).status_code == 302


def test_the_first_sign_in_and_a_known_device_send_nothing(user):
    sign_in_from(user.email, "198.51.100.7")
    sign_in_from(user.email, "198.51.100.7")
    assert mail.outbox == []


def test_a_new_ip_sends_an_alert_with_device_ip_time_and_a_sessions_link(user):
    sign_in_from(user.email, "198.51.100.7")
    sign_in_from(user.email, "203.0.113.50")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "New sign-in" in message.subject
    assert "203.0.113.50" in message.body and "Firefox 132 on Windows 10" in message.body
    assert "https://authsite.test/account/sessions/" in message.body or "/account/sessions/" in message.body
    assert "If this was not you" in message.body
    assert AuthEvent.objects.filter(event="login.new_device", user=user).count() == 1


def test_a_device_unseen_for_90_days_counts_as_new_again(user):
    sign_in_from(user.email, "198.51.100.7")
    sign_in_from(user.email, "203.0.113.50")
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        sign_in_from(user.email, "203.0.113.50")  # seen 89 days ago: still known, and now refreshed
        assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        sign_in_from(user.email, "198.51.100.7")  # last seen 91 days ago: new again
    assert len(mail.outbox) == 1
