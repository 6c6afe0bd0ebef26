"""Registering, renaming and removing passkeys: step-up first, one authenticator once, single-use challenges."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from audit import events
from audit.models import AuthEvent
from mfa.factors import has_second_factor
from mfa.models import Passkey, RecoveryCode, WebAuthnUser
from tests.helpers import make_user
from tests.mfa.helpers import enrol
from tests.mfa.passkey_helpers import JSON, PASSKEYS_PAGE, options, register, store_passkey
from tests.mfa.soft_authenticator import SoftAuthenticator, unb64url

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = pytest.mark.tasks_inline


def test_options_require_a_discoverable_credential_with_user_verification(signed_in_client, user):
    sent = json.loads(options(signed_in_client, "/account/passkeys/options/"))
    assert sent["rp"]["id"] == "authsite.test"  # SITE_URL's host, never the request's Host header
    assert sent["authenticatorSelection"]["residentKey"] == "required"
    assert sent["authenticatorSelection"]["userVerification"] == "required"
    assert sent["user"]["name"] == user.email
    assert len(unb64url(sent["challenge"])) == 32


def test_the_user_handle_is_64_random_bytes_per_user_and_stable(signed_in_client, user):
    first = unb64url(json.loads(options(signed_in_client, "/account/passkeys/options/"))["user"]["id"])
    second = unb64url(json.loads(options(signed_in_client, "/account/passkeys/options/"))["user"]["id"])
    assert len(first) == 64 and first == second == bytes(WebAuthnUser.objects.get(user=user).handle)
    assert user.email.encode() not in first
    other = make_user("bob@example.com")
    from mfa.flows.manage_passkeys import user_handle
    assert user_handle(other) != first and len(user_handle(other)) == 64


def test_registering_a_first_passkey_turns_two_factor_on_with_recovery_codes(signed_in_client, user):
    response = register(signed_in_client, SoftAuthenticator(), name="Work laptop")
    assert response.status_code == 200
    assert b"recovery-codes" in response.content and RecoveryCode.objects.filter(user=user).count() == 10
    passkey = Passkey.objects.get(user=user)
    assert passkey.name == "Work laptop" and passkey.sign_count == 1 and passkey.transports == ["internal"]
    assert has_second_factor(user)
    assert AuthEvent.objects.filter(user=user, event=events.PASSKEY_ADDED).exists()
    assert AuthEvent.objects.filter(user=user, event=events.MFA_ENABLED).exists()
    assert "passkey was added" in mail.outbox[-1].subject and "Work laptop" in mail.outbox[-1].body


def test_a_further_passkey_keeps_the_recovery_codes(signed_in_client, user):
    register(signed_in_client, SoftAuthenticator())
    codes = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    response = register(signed_in_client, SoftAuthenticator(), name="Phone")
    assert response.status_code == 302 and response["Location"] == PASSKEYS_PAGE
    assert set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True)) == codes
    assert Passkey.objects.filter(user=user).count() == 2


def test_options_exclude_the_users_own_passkeys(signed_in_client, user):
    authenticator = SoftAuthenticator()
    register(signed_in_client, authenticator)
    sent = json.loads(options(signed_in_client, "/account/passkeys/options/"))
    assert [unb64url(c["id"]) for c in sent["excludeCredentials"]] == [authenticator.credential_id]


def test_re_registering_the_same_authenticator_is_refused_with_a_message(signed_in_client, user):
    authenticator = SoftAuthenticator()
    register(signed_in_client, authenticator)
    response = register(signed_in_client, authenticator, name="Again")
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert 'value="Again"' in response.content.decode()  # the form comes back filled in
    assert Passkey.objects.filter(user=user).count() == 1


def test_another_accounts_credential_is_refused_too(signed_in_client, db):
    _, authenticator = store_passkey(make_user("bob@example.com"))
    response = register(signed_in_client, authenticator)
    assert response.status_code == 400 and Passkey.objects.count() == 1


def test_a_registration_answer_works_once(signed_in_client, user):
    credential = SoftAuthenticator().register(options(signed_in_client, "/account/passkeys/options/"))
    first = signed_in_client.post("/account/passkeys/add/", {"name": "Laptop", "credential": credential})
    assert first.status_code == 200
    Passkey.objects.all().delete()
    replay = signed_in_client.post("/account/passkeys/add/", {"name": "Laptop", "credential": credential})
    assert replay.status_code == 400 and "took too long" in replay.content.decode()
    assert not Passkey.objects.exists()


def test_a_registration_challenge_expires_after_five_minutes(signed_in_client, user):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sent = options(signed_in_client, "/account/passkeys/options/")
        clock.shift(timedelta(minutes=4))  # step-up still recent; the challenge is about to expire
        signed_in_client.post("/reauth/", {"method": "password", "password-secret": "a long and unusual passphrase 42"})
        clock.shift(timedelta(minutes=1, seconds=1))
        response = signed_in_client.post("/account/passkeys/add/",
                                         {"name": "Late", "credential": SoftAuthenticator().register(sent)})
    assert response.status_code == 400 and not Passkey.objects.exists()


@pytest.mark.parametrize("tamper", [{"origin": "https://evil.example"}, {"rp_id": "evil.example"},
                                    {"origin": "https://authsite.test.evil.example"}, {"verified": False}])
def test_a_registration_for_another_origin_or_rp_id_or_without_user_verification_is_refused(
        signed_in_client, user, tamper):
    response = register(signed_in_client, SoftAuthenticator(), **tamper)
    assert response.status_code == 400 and not Passkey.objects.exists()


@pytest.mark.parametrize("credential", ["", "not json", "{}", '{"id": 1}', "[]", "x" * 20000,
                                        json.dumps({"id": "AA", "rawId": "AA", "type": "public-key",
                                                    "response": {"clientDataJSON": "!!", "attestationObject": "%"}})])
def test_garbage_instead_of_a_credential_is_a_400(signed_in_client, user, credential):
    options(signed_in_client, "/account/passkeys/options/")
    response = signed_in_client.post("/account/passkeys/add/", {"name": "X", "credential": credential})
    assert response.status_code == 400


def test_registering_needs_a_recent_step_up(signed_in_client, user):
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert signed_in_client.post("/account/passkeys/options/", **JSON).status_code == 403
        page = signed_in_client.get(PASSKEYS_PAGE)
        assert page.status_code == 302 and page["Location"].startswith("/reauth/")


def test_the_limit_of_passkeys_per_account(signed_in_client, user, settings):
    settings.AUTHSITE_MAX_PASSKEYS_PER_USER = 1
    register(signed_in_client, SoftAuthenticator())
    assert signed_in_client.post("/account/passkeys/options/", **JSON).status_code == 400


def test_rename_and_remove_own_passkeys(signed_in_client, user):
    register(signed_in_client, SoftAuthenticator())
    passkey = Passkey.objects.get(user=user)
    response = signed_in_client.post(f"/account/passkeys/{passkey.pk}/rename/", {"name": "Old phone"})
    assert response.status_code == 302 and Passkey.objects.get(pk=passkey.pk).name == "Old phone"
    assert "Old phone" in signed_in_client.get(PASSKEYS_PAGE).content.decode()
    assert signed_in_client.post(f"/account/passkeys/{passkey.pk}/rename/", {"name": ""}).status_code == 400
    response = signed_in_client.post(f"/account/passkeys/{passkey.pk}/remove/")
    assert response.status_code == 302 and not Passkey.objects.exists()
    # It was the only second factor: two-factor is off, and its recovery codes went with it.
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert AuthEvent.objects.filter(user=user, event=events.PASSKEY_REMOVED).exists()
    assert "passkey was removed" in mail.outbox[-1].subject


def test_removing_a_passkey_keeps_codes_while_the_app_remains(signed_in_client, user):
    enrol(user)
    passkey, _ = store_passkey(user)
    signed_in_client.post(f"/account/passkeys/{passkey.pk}/remove/")
    assert RecoveryCode.objects.filter(user=user).count() == 10


def test_another_users_passkey_cannot_be_renamed_or_removed(signed_in_client, db):
    theirs, _ = store_passkey(make_user("bob@example.com"))
    assert signed_in_client.post(f"/account/passkeys/{theirs.pk}/rename/", {"name": "Mine"}).status_code == 404
    assert signed_in_client.post(f"/account/passkeys/{theirs.pk}/remove/").status_code == 404
    assert Passkey.objects.get(pk=theirs.pk).name == "Phone"


def test_rename_and_remove_need_a_recent_step_up(signed_in_client, user):
    passkey, _ = store_passkey(user)
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        response = signed_in_client.post(f"/account/passkeys/{passkey.pk}/remove/")
    assert response.status_code == 302 and response["Location"].startswith("/reauth/")
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_the_account_page_counts_passkeys(signed_in_client, user):
    store_passkey(user)
    page = signed_in_client.get("/account/").content.decode()
    assert 'id="passkey-count">1<' in page and "On." in page
