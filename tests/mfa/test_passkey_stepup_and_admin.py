"""Step-up with a passkey (its challenge issued when the page renders), staff enrolment with a passkey, one notion
of "has a second factor", and the admin's passkey count and reset."""

import html
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from audit import events
from audit.models import AuthEvent
from mfa.factors import has_second_factor
from mfa.flows.disable import reset_two_factor
from mfa.models import Passkey
from tests.helpers import PASSWORD, make_user
from tests.mfa.helpers import enrol
from tests.mfa.passkey_helpers import register, sign_in_passwordless, store_passkey
from tests.mfa.soft_authenticator import SoftAuthenticator

REAUTH = "/reauth/?next=%2Faccount%2Fpasskeys%2F"
OPTIONS_ATTRIBUTE = re.compile(r'data-passkey-options="([^"]*)"')


def stepup_options(page):
    return html.unescape(OPTIONS_ATTRIBUTE.search(page.content.decode()).group(1))


@pytest.fixture
def later():
    """Six minutes after sign-in: step-up is no longer recent."""
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False) as traveller:
        yield traveller


def test_step_up_with_a_passkey(client, user, later):
    _, authenticator = store_passkey(user)
    assert sign_in_passwordless(client, authenticator).status_code == 302
    later.shift(timedelta(minutes=6))
    assert client.get("/account/passkeys/")["Location"].startswith("/reauth/")
    page = client.get(REAUTH)
    assert "Confirm with a passkey" in page.content.decode()
    sent = json.loads(stepup_options(page))
    assert len(sent["allowCredentials"]) == 1  # the challenge was issued as the page rendered
    response = client.post(REAUTH, {"method": "passkey", "passkey-secret": authenticator.assertion(stepup_options(page)),
                                    "passkey-next": "/account/passkeys/"})
    assert response.status_code == 302 and response["Location"] == "/account/passkeys/"
    assert client.get("/account/passkeys/").status_code == 200
    assert AuthEvent.objects.filter(user=user, event=events.REAUTH_SUCCEEDED, details__method="passkey").exists()


def test_a_step_up_assertion_works_once_and_not_for_another_origin(client, user, later):
    _, authenticator = store_passkey(user)
    sign_in_passwordless(client, authenticator)
    later.shift(timedelta(minutes=6))
    page = client.get(REAUTH)
    wrong_origin = authenticator.assertion(stepup_options(page), origin="https://evil.example")
    refused = client.post(REAUTH, {"method": "passkey", "passkey-secret": wrong_origin})
    assert refused.status_code == 400 and "did not match" in refused.content.decode()
    good = authenticator.assertion(stepup_options(refused))  # the re-rendered page carries a fresh challenge
    assert client.post(REAUTH, {"method": "passkey", "passkey-secret": good}).status_code == 302
    later.shift(timedelta(minutes=6))
    assert client.post(REAUTH, {"method": "passkey", "passkey-secret": good}).status_code == 400


def test_step_up_is_not_offered_a_passkey_to_users_without_one(signed_in_client, later):
    assert "Confirm with a passkey" not in signed_in_client.get(REAUTH).content.decode()


def test_one_notion_of_a_second_factor(user):
    assert not has_second_factor(user)
    store_passkey(user)
    assert has_second_factor(user)
    Passkey.objects.all().delete()
    enrol(user)
    assert has_second_factor(user)


def test_staff_may_enrol_with_a_passkey_instead_of_an_app(client, staff_user):
    client.post("/login/", {"email": staff_user.email, "password": PASSWORD})
    assert client.get("/admin/")["Location"] == "/account/two-factor/setup/"
    assert client.get("/account/passkeys/").status_code == 200  # reachable while enrolment is owed
    assert register(client, SoftAuthenticator()).status_code == 200
    assert client.get("/admin/").status_code == 200  # the first passkey marked this session verified


def test_the_admin_counts_passkeys_and_its_reset_removes_them(client, db):
    root = make_user("root@example.com", is_staff=True, is_superuser=True)
    _, authenticator = store_passkey(root)
    target = make_user("bob@example.com")
    store_passkey(target)
    store_passkey(target, name="Laptop")
    sign_in_passwordless(client, authenticator)
    listing = client.get("/admin/accounts/user/")
    assert listing.status_code == 200
    row = next(row for row in listing.content.decode().split("<tr") if "bob@example.com" in row)
    assert 'class="field-passkey_count">2<' in row
    assert reset_two_factor(target, actor="test")
    assert not Passkey.objects.filter(user=target).exists()
    assert AuthEvent.objects.filter(user=target, event=events.MFA_RESET).exists()


def test_the_admin_reset_action_removes_passkeys(client, db):
    root = make_user("root@example.com", is_staff=True, is_superuser=True)
    _, authenticator = store_passkey(root)
    target = make_user("bob@example.com")
    store_passkey(target)
    sign_in_passwordless(client, authenticator)
    response = client.post("/admin/accounts/user/", {"action": "reset_two_factor_action",
                                                     "_selected_action": [target.pk], "confirmed": "yes"})
    assert response.status_code == 302
    assert not Passkey.objects.filter(user=target).exists()



def test_the_admin_part_lists_a_users_passkeys_on_their_page(rf, user):
    from mfa.admin_parts import passkey_part

    assert passkey_part.page_sections(rf.get("/"), user) == [("Passkeys", "None.")]
    store_passkey(user, name="<b>Phone</b>")
    [(title, body)] = passkey_part.page_sections(rf.get("/"), user)
    assert title == "Passkeys" and "&lt;b&gt;Phone&lt;/b&gt;" in body and "never" in body
