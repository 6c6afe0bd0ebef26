"""No unthrottled password oracle: every check of a current password (change form, step-up page) is counted on the
one per-user step-up limit before it is checked, and each failure is audited. Typing the current password is itself
the re-authentication, so the change page asks for no separate step-up and renews the step-up time."""

import time
from datetime import timedelta

from accounts.flows.login import AUTH_TIME
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, sign_in

NEW_PASSWORD = "violet engine pasture 73"
WRONG = "my old password maybe 1"



def change(client, current, new=NEW_PASSWORD):
    return client.post("/account/password/", {"current_password": current, "new_password1": new,
                                              "new_password2": new})


def test_the_sixth_wrong_current_password_in_15_minutes_gets_429_and_each_wrong_one_is_audited(
        signed_in_client, user):
    for attempt in range(5):
        response = change(signed_in_client, f"{WRONG}{attempt}")
        assert response.status_code == 400 and b"current password is not correct" in response.content
    sixth = change(signed_in_client, PASSWORD)  # even the right one: the limit is reached before any check
    assert sixth.status_code == 429
    assert 0 < int(sixth["Retry-After"]) <= 15 * 60
    assert b"Too many attempts" in sixth.content and PASSWORD.encode() not in sixth.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    failures = AuthEvent.objects.filter(user=user, event=events.REAUTH_FAILED)
    assert failures.count() == 5
    assert {event.details["purpose"] for event in failures} == {"password_change"}
    assert all(WRONG not in str(event.details) for event in failures)


def test_the_step_up_page_and_the_change_form_share_one_limit(signed_in_client, user):
    for _ in range(3):
        assert signed_in_client.post("/reauth/", {"method": "password", "password-secret": WRONG}).status_code == 400
    for _ in range(2):
        assert change(signed_in_client, WRONG).status_code == 400
    assert change(signed_in_client, PASSWORD).status_code == 429
    assert signed_in_client.post("/reauth/", {"method": "password", "password-secret": PASSWORD}).status_code == 429


def test_the_limit_resets_after_15_minutes(signed_in_client, user, frozen_clock):
    for _ in range(5):
        change(signed_in_client, WRONG)
    assert change(signed_in_client, PASSWORD).status_code == 429
    frozen_clock.shift(timedelta(minutes=15, seconds=1))
    assert change(signed_in_client, PASSWORD).status_code == 302


def test_the_change_page_needs_no_separate_step_up(client, user, frozen_clock):
    assert sign_in(client, user).status_code == 302
    frozen_clock.shift(timedelta(minutes=6))  # past the step-up window
    assert client.get("/account/password/").status_code == 200
    response = change(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/account/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_current_password_check_renews_the_step_up_time(client, user, frozen_clock):
    assert sign_in(client, user).status_code == 302
    frozen_clock.shift(timedelta(minutes=6))
    assert change(client, PASSWORD).status_code == 302
    assert client.session[AUTH_TIME] == int(time.time())
    # A step-up-protected action right after needs no second confirmation.
    assert client.post("/account/sessions/end-others/")["Location"] == "/account/sessions/"
    assert AuthEvent.objects.filter(user=user, event=events.REAUTH_SUCCEEDED,
                                    details__purpose="password_change").exists()


def test_a_wrong_current_password_with_an_invalid_new_one_is_not_checked_at_all(signed_in_client, user):
    response = change(signed_in_client, WRONG, new="password1234")
    assert response.status_code == 400 and b"too common" in response.content
    assert not AuthEvent.objects.filter(event=events.REAUTH_FAILED).exists()  # nothing was checked, nothing counted


def test_thirty_parallel_guesses_at_the_change_form_check_at_most_five_passwords(live_gunicorn, user):
    """The attack as found: 30 guesses at once at the change form (with a fresh session, inside the step-up window)
    across gunicorn's worker processes. At most 5 are checked; the rest get 429 with Retry-After."""
    from tests.accounts.test_link_single_use_parallel import in_parallel
    from tests.http_client import PlainHttpBrowser

    browser = PlainHttpBrowser(live_gunicorn)
    assert browser.sign_in_with_password(user.email, PASSWORD).status_code == 302
    token = browser.csrf_token("/account/password/")

    def guess(number):
        response = browser.post("/account/password/", {
            "csrfmiddlewaretoken": token, "current_password": f"{WRONG} {number}",
            "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        return response.status_code, response.headers.get("Retry-After")

    results = in_parallel([lambda n=n: guess(n) for n in range(30)])
    statuses = sorted(status for status, _ in results)
    assert statuses.count(400) <= 5 and statuses.count(429) >= 25 and set(statuses) <= {400, 429}, statuses
    assert all(int(retry) > 0 for status, retry in results if status == 429)
    assert AuthEvent.objects.filter(user=user, event=events.REAUTH_FAILED).count() == statuses.count(400)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
