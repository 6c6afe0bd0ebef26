"""Signing in with a passkey: after the password, or alone (counting as two factors); the refusals that keep it safe."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.conf import accounts_settings
from accounts.sessions import index
from audit import events
from audit.models import AuthEvent
from mfa.models import Passkey
from tests.helpers import make_user
from tests.mfa.helpers import CODE_PAGE, enrol, password_step
from tests.mfa.passkey_helpers import JSON, options, second_factor, sign_in_passwordless, store_passkey
from tests.mfa.soft_authenticator import SoftAuthenticator

SESSION_COOKIE = settings.SESSION_COOKIE_NAME


def signed_in_as(client):
    return client.get("/account/").status_code == 200


def refused_events(event):
    return AuthEvent.objects.filter(event=event).count()


# --- After the password ---------------------------------------------------------------------------------------------

def test_a_passkey_only_user_is_asked_for_the_second_factor(client, user):
    store_passkey(user)
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    page = client.get(response["Location"]).content.decode()
    assert "Use a passkey" in page and "recovery codes" in page


def test_password_then_passkey_signs_in_with_a_new_session_id(client, user):
    _, authenticator = store_passkey(user)
    password_step(client, user)
    pending_session = client.cookies[SESSION_COOKIE].value
    response = second_factor(client, authenticator)
    assert response.status_code == 302 and signed_in_as(client)
    assert client.cookies[SESSION_COOKIE].value != pending_session
    assert AuthEvent.objects.filter(user=user, event=events.MFA_VERIFIED, details__method="webauthn").exists()
    assert AuthEvent.objects.filter(user=user, event=events.LOGIN_SUCCEEDED).exists()
    assert Passkey.objects.get(user=user).last_used_at is not None


def test_the_second_factor_options_name_only_the_users_passkeys(client, user):
    _, mine = store_passkey(user)
    store_passkey(make_user("bob@example.com"))
    password_step(client, user)
    sent = json.loads(options(client, "/login/code/passkey/options/"))
    assert len(sent["allowCredentials"]) == 1


def test_another_accounts_passkey_is_no_second_factor(client, user):
    store_passkey(user)
    _, bobs = store_passkey(make_user("bob@example.com"))
    password_step(client, user)
    credential = bobs.assertion(options(client, "/login/code/passkey/options/").replace(
        '"allowCredentials"', '"ignored"'))
    response = client.post("/login/code/passkey/", {"credential": credential})
    assert response.status_code == 400 and not signed_in_as(client)


def test_second_factor_options_need_a_pending_login(client, db):
    assert client.post("/login/code/passkey/options/", **JSON).status_code == 400


def test_refused_passkeys_use_up_the_logins_attempts(client, user, settings):
    settings.AUTHSITE_MAX_LOGIN_CODE_FAILURES = 2
    _, authenticator = store_passkey(user)
    password_step(client, user)
    assert second_factor(client, authenticator, origin="https://evil.example").status_code == 400
    ended = second_factor(client, authenticator, origin="https://evil.example")
    assert ended.status_code == 302 and ended["Location"] == "/login/"
    assert AuthEvent.objects.filter(user=user, event=events.MFA_LOGIN_ENDED).exists()


def test_app_users_with_a_passkey_may_use_either(client, user):
    enrol(user)
    _, authenticator = store_passkey(user)
    password_step(client, user)
    assert second_factor(client, authenticator).status_code == 302 and signed_in_as(client)


# --- Passwordless ----------------------------------------------------------------------------------------------------

def test_passwordless_sign_in_counts_as_two_factors(client, user):
    _, authenticator = store_passkey(user)
    response = sign_in_passwordless(client, authenticator, next_url="/account/sessions/")
    assert response.status_code == 302 and response["Location"] == "/account/sessions/"
    assert signed_in_as(client)
    login = AuthEvent.objects.get(user=user, event=events.LOGIN_SUCCEEDED)
    assert login.details["method"] == "passkey"


def test_passwordless_options_ask_for_a_discoverable_credential_with_user_verification(client, db):
    sent = json.loads(options(client, "/login/passkey/options/"))
    assert sent["userVerification"] == "required" and sent.get("allowCredentials", []) == []
    assert sent["rpId"] == "authsite.test"


def test_staff_with_only_a_passkey_reach_the_admin_after_passwordless_sign_in(client, staff_user):
    _, authenticator = store_passkey(staff_user)
    assert sign_in_passwordless(client, authenticator).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_passwordless_needs_user_verification(client, user):
    _, authenticator = store_passkey(user)
    response = sign_in_passwordless(client, authenticator, verified=False)
    assert response.status_code == 400 and not signed_in_as(client)
    assert "could not be used" in response.content.decode()


def test_a_replayed_assertion_is_refused(client, user):
    _, authenticator = store_passkey(user)
    credential = authenticator.assertion(options(client, "/login/passkey/options/"))
    assert client.post("/login/passkey/", {"credential": credential}).status_code == 302
    client.post("/logout/")
    replay = client.post("/login/passkey/", {"credential": credential})
    assert replay.status_code == 400 and not signed_in_as(client)
    # Even with a fresh challenge issued in between, the old answer (signed over the old challenge) is refused.
    options(client, "/login/passkey/options/")
    assert client.post("/login/passkey/", {"credential": credential}).status_code == 400


@pytest.mark.parametrize("tamper", [{"origin": "https://evil.example"}, {"origin": "http://authsite.test"},
                                    {"rp_id": "evil.example"}, {"rp_id": "test"}])
def test_an_assertion_for_another_origin_or_rp_id_is_refused(client, user, tamper):
    _, authenticator = store_passkey(user)
    assert sign_in_passwordless(client, authenticator, **tamper).status_code == 400
    assert not signed_in_as(client)


def test_a_counter_that_goes_back_is_refused_and_audited_as_a_possible_clone(client, user):
    _, authenticator = store_passkey(user)
    for _ in range(3):
        assert sign_in_passwordless(client, authenticator).status_code == 302
        client.post("/logout/")
    assert Passkey.objects.get(user=user).sign_count == 3
    response = sign_in_passwordless(client, authenticator, counter=2)  # a copy of the key, re-added with a lower count
    assert response.status_code == 400 and not signed_in_as(client)
    clone = AuthEvent.objects.get(user=user, event=events.PASSKEY_CLONE_SUSPECTED)
    assert clone.details["stored_counter"] == 3 and clone.details["received_counter"] == 2
    assert sign_in_passwordless(client, authenticator, counter=3).status_code == 400  # equal is no growth either
    assert Passkey.objects.get(user=user).sign_count == 3


def test_synced_passkeys_report_zero_and_are_not_judged(client, user):
    _, authenticator = store_passkey(user, SoftAuthenticator(counts=False))
    for _ in range(3):
        assert sign_in_passwordless(client, authenticator).status_code == 302
        client.post("/logout/")
    assert refused_events(events.PASSKEY_CLONE_SUSPECTED) == 0


def test_a_deactivated_users_passkey_gets_the_same_reply_as_an_unknown_one(client, user):
    _, authenticator = store_passkey(user)
    user.is_active = False
    user.save()
    deactivated = sign_in_passwordless(client, authenticator)
    stranger = SoftAuthenticator()
    stranger.user_handle = authenticator.user_handle
    unknown = sign_in_passwordless(client, stranger)
    assert deactivated.status_code == unknown.status_code == 400
    strip = lambda body: body.decode().split('name="csrfmiddlewaretoken" value="')[0]  # noqa: E731
    assert strip(deactivated.content) == strip(unknown.content)
    assert not signed_in_as(client)


def test_an_assertion_whose_user_handle_is_not_the_owners_is_refused(client, user):
    _, authenticator = store_passkey(user)
    authenticator.user_handle = b"\x01" * 64
    assert sign_in_passwordless(client, authenticator).status_code == 400


def test_a_passwordless_challenge_expires_after_five_minutes(client, user):
    _, authenticator = store_passkey(user)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        credential = authenticator.assertion(options(client, "/login/passkey/options/"))
        clock.shift(timedelta(minutes=5, seconds=1))
        assert client.post("/login/passkey/", {"credential": credential}).status_code == 400


def test_passwordless_attempts_are_rate_limited_per_client_ip(client, settings, db):
    settings.AUTHSITE_RATE_LIMITS = {**accounts_settings.RATE_LIMITS, "passkey_login": "3/15m"}
    for _ in range(3):
        assert client.post("/login/passkey/options/", **JSON).status_code == 200
    refused = client.post("/login/passkey/options/", **JSON)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other_ip = client.post("/login/passkey/options/", REMOTE_ADDR="203.0.113.9", **JSON)
    assert other_ip.status_code == 200


@pytest.mark.parametrize("credential", ["", "{}", "null", '{"id": "AA", "rawId": "AA", "type": "public-key", '
                                        '"response": {"clientDataJSON": "", "authenticatorData": "", '
                                        '"signature": "", "userHandle": 5}}', "\x00" * 100])
def test_garbage_instead_of_an_assertion_is_a_400(client, user, credential):
    options(client, "/login/passkey/options/")
    assert client.post("/login/passkey/", {"credential": credential}).status_code == 400


def test_the_login_page_offers_a_hidden_passkey_form_and_sets_no_session(client, db):
    response = client.get("/login/")
    page = response.content.decode()
    assert 'id="passkey-sign-in"' in page and "hidden" in page.split('id="passkey-sign-in"')[1].split(">")[0]
    assert '<script src="/static/passkeys.js' in page and "<script>" not in page
    assert SESSION_COOKIE not in response.cookies


# --- Operators --------------------------------------------------------------------------------------------------------

def test_after_reset_mfa_the_passkey_no_longer_signs_in_and_sessions_have_ended(client, user):
    _, authenticator = store_passkey(user)
    assert sign_in_passwordless(client, authenticator).status_code == 302
    assert index.keys(user.pk)
    call_command("reset_mfa", user.email, stdout=io.StringIO())
    assert not Passkey.objects.filter(user=user).exists()
    assert not signed_in_as(client) and not index.keys(user.pk)
    assert sign_in_passwordless(client, authenticator).status_code == 400


def test_a_passkey_check_costs_one_lookup_and_one_counter_update(rf, user, django_assert_num_queries):
    from django.contrib.sessions.backends.cache import SessionStore

    from mfa import challenges
    from mfa.flows.assertion import ACCEPTED, check_assertion
    from mfa.passkeys import authentication_options

    _, authenticator = store_passkey(user)
    request = rf.post("/")
    request.session = SessionStore()
    credential = authenticator.assertion(authentication_options(challenge=challenges.issue(request, "x")))
    with django_assert_num_queries(2):
        outcome, _ = check_assertion(request, credential, "x", user_verification=True)
    assert outcome == ACCEPTED
