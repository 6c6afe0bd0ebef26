"""Someone who knows only the password cannot freeze the owner's authenticator: wrong codes are limited per pending
login and per client IP, never per device; and one typo at enrolment does not make the next correct code fail."""

import pyotp
from django.core.checks import run_checks
from django.test import Client

from tests.helpers import is_signed_in, sign_in
from tests.mfa.helpers import CODE_PAGE, SETUP_PAGE, authenticator, password_step, sign_in_with_code, start_of_step
from tests.mfa.test_setup import setup_page

WRONG_CODE = "000000"


def test_twenty_wrong_codes_from_one_browser_do_not_stop_the_owner_signing_in_from_another(client, enrolled):
    user, device, _ = enrolled
    with start_of_step():  # no time passes: any back-off left by the guesses would still be running
        for _ in range(4):  # the attacker restarts the login after each 5 wrong codes
            assert password_step(client, user)["Location"].startswith(CODE_PAGE)
            for _ in range(5):
                response = client.post(CODE_PAGE, {"code": WRONG_CODE})
                assert response.status_code in (302, 400)
        assert not is_signed_in(client)
        owner = Client()
        response = sign_in_with_code(owner, user, authenticator(device).now())
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_signed_in(owner)


def test_the_owner_s_correct_code_right_after_their_own_typo_is_accepted(client, enrolled):
    user, device, _ = enrolled
    with start_of_step():
        password_step(client, user)
        assert client.post(CODE_PAGE, {"code": WRONG_CODE}).status_code == 400
        response = client.post(CODE_PAGE, {"code": authenticator(device).now()})
    assert response.status_code == 302 and is_signed_in(client)


def test_code_attempts_are_limited_per_client_ip_across_logins(db, enrolled, settings):
    settings.AUTHSITE_LOGIN_CODE_IP_MAX_FAILURES = 7
    user, device, _ = enrolled
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    with start_of_step():
        answers = []
        for _ in range(2):
            password_step(attacker, user)
            answers += [attacker.post(CODE_PAGE, {"code": WRONG_CODE}).status_code for _ in range(4)]
        assert answers == [400] * 7 + [429]
        refused = attacker.post(CODE_PAGE, {"code": authenticator(device).now()})  # even a right code: not checked
        assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 15 * 60
        assert b"Too many attempts" in refused.content and not is_signed_in(attacker)
        owner = Client(REMOTE_ADDR="203.0.113.9")
        assert sign_in_with_code(owner, user, authenticator(device).now()).status_code == 302
    assert is_signed_in(owner)


def test_right_codes_do_not_use_up_a_shared_network_s_allowance(db, settings):
    """An office behind one NAT: many people signing in with right codes are never refused by the per-IP limit."""
    from tests.helpers import make_user
    from tests.mfa.helpers import enrol

    settings.AUTHSITE_LOGIN_CODE_IP_MAX_FAILURES = 2
    with start_of_step():
        for number in range(5):
            colleague = make_user(f"colleague{number}@example.com")
            device, _ = enrol(colleague)
            browser = Client(REMOTE_ADDR="192.0.2.80")
            assert sign_in_with_code(browser, colleague, authenticator(device).now()).status_code == 302
            assert is_signed_in(browser)
        typo = Client(REMOTE_ADDR="192.0.2.80")
        password_step(typo, colleague)
        assert [typo.post(CODE_PAGE, {"code": WRONG_CODE}).status_code for _ in range(3)] == [400, 400, 429]


def test_one_wrong_code_at_enrolment_does_not_make_the_next_correct_code_fail(signed_in_client, user):
    with start_of_step() as clock:
        _, uri, _, _ = setup_page(signed_in_client)
        mistyped = signed_in_client.post(SETUP_PAGE, {"code": WRONG_CODE})
        assert mistyped.status_code == 400 and b"not valid" in mistyped.content
        clock.shift(1)  # a second later
        response = signed_in_client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()})
    assert response.status_code == 200 and b"Too many wrong codes" not in response.content
    assert b"recovery" in response.content.lower()


def test_enrolment_codes_are_limited_per_user(signed_in_client, settings):
    settings.AUTHSITE_SETUP_CODE_RATE_PER_USER = "3/15m"
    with start_of_step():
        _, uri, _, _ = setup_page(signed_in_client)
        answers = [signed_in_client.post(SETUP_PAGE, {"code": WRONG_CODE}).status_code for _ in range(3)]
        refused = signed_in_client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()})
    assert answers == [400, 400, 400]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert b"Too many attempts" in refused.content


def test_a_code_right_after_a_wrong_one_passes_step_up(client, enrolled):
    user, device, _ = enrolled
    with start_of_step() as clock:
        assert sign_in_with_code(client, user, authenticator(device).now()).status_code == 302
        clock.shift(6 * 60)
        assert client.post("/reauth/", {"method": "totp", "totp-secret": WRONG_CODE}).status_code == 400
        response = client.post("/reauth/", {"method": "totp", "totp-secret": authenticator(device).now()})
    assert response.status_code == 302


def test_start_up_refuses_django_otp_s_device_back_off(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    assert "mfa.E001" in {message.id for message in run_checks()}
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    assert "mfa.E001" not in {message.id for message in run_checks()}


def test_password_step_is_unaffected(client, enrolled):
    user, _, _ = enrolled
    assert sign_in(client, user)["Location"].startswith(CODE_PAGE)


def test_parallel_guesses_across_logins_from_one_ip_check_at_most_the_ip_limit(transactional_db, enrolled):
    """20 wrong codes at once, from 4 pending logins of one client, across gunicorn's worker processes: the slot is
    held before the check, so no more than the per-IP limit (7 here) are ever checked."""
    from audit import events
    from audit.models import AuthEvent
    from tests.mfa.test_concurrency import a_wrong_code, pending_browsers, submit_together
    from tests.servers import gunicorn

    user, device, _ = enrolled
    with gunicorn(workers=2, extra_env={"AUTHSITE_LOGIN_CODE_IP_MAX_FAILURES": "7"}) as base:
        browsers = pending_browsers(base, user, 4)
        results = submit_together([pair for pair in browsers for _ in range(5)], a_wrong_code(device))
    statuses = [status for status, _ in results]
    assert set(statuses) <= {302, 400, 429}, results
    assert AuthEvent.objects.filter(event=events.MFA_FAILED, user=user).count() <= 7
    assert statuses.count(429) >= 13, statuses
