"""Every admin action asks first, goes through the same flow as the pages and commands, and is audited once with
the acting admin and the admin's IP."""

import pytest
from django.core import mail

from accounts import throttle
from accounts.sessions import index as session_index
from audit import events
from audit.models import AuthEvent
from tests.admin_console.helpers import USERS, run_action, user_page, users_browser
from tests.helpers import make_user

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]


def only_event(name, user):
    matching = AuthEvent.objects.filter(event=name, user=user)
    assert matching.count() == 1, list(matching.values("event", "details"))
    return matching.get()


def assert_by_admin(event, admin):
    assert event.details["actor"] == admin.email and event.details["actor_id"] == admin.pk
    assert event.ip == "127.0.0.1"  # the admin's client


def test_an_action_shows_a_confirmation_page_and_changes_nothing_before_yes(operator_client, user):
    browser = users_browser(user)
    page = run_action(operator_client, "end_sessions", [user], confirmed=False)
    assert page.status_code == 200
    body = page.content.decode()
    assert "End all sessions: are you sure?" in body and user.email in body
    assert 'name="confirmed" value="yes"' in body
    assert session_index.keys(user.pk)
    assert browser.get("/account/").status_code == 200
    assert not AuthEvent.objects.filter(event=events.SESSIONS_REVOKED).exists()


def test_ending_sessions_signs_the_user_out_at_their_next_request(operator_client, operator, user):
    browser = users_browser(user)
    response = run_action(operator_client, "end_sessions", [user])
    assert response.status_code == 302
    assert browser.get("/account/").status_code == 302
    assert not session_index.keys(user.pk)
    assert_by_admin(only_event(events.SESSIONS_REVOKED, user), operator)


def test_deactivation_ends_sessions_and_records_one_event_naming_the_admin_and_ip(operator_client, operator, user):
    browser = users_browser(user)
    run_action(operator_client, "deactivate", [user])
    user.refresh_from_db()
    assert not user.is_active
    assert browser.get("/account/").status_code == 302
    assert_by_admin(only_event(events.ACCOUNT_DEACTIVATED, user), operator)
    assert only_event(events.SESSIONS_REVOKED, user).details["reason"] == "account_deactivated"
    assert any(message.to == [user.email] for message in mail.outbox)


def test_reactivation_through_its_flow(operator_client, operator, user):
    user.is_active = False
    user.save()
    run_action(operator_client, "reactivate", [user])
    user.refresh_from_db()
    assert user.is_active
    assert_by_admin(only_event(events.ACCOUNT_ACTIVATED, user), operator)


def test_unlock_clears_the_lock_once(operator_client, operator, user, rf):
    for _ in range(5):
        request = rf.post("/login/", REMOTE_ADDR="192.0.2.7")
        throttle.check_login_allowed(request, user.email)
        throttle.login_failed(request, user.email)
    assert throttle.locked_accounts()
    run_action(operator_client, "clear_login_lock", [user])
    assert throttle.locked_accounts() == []
    assert_by_admin(only_event(events.LOGIN_LOCK_CLEARED, user), operator)


def test_send_password_reset_mails_a_link_and_records_it(operator_client, operator, user):
    run_action(operator_client, "send_password_reset", [user])
    assert [message.to for message in mail.outbox] == [[user.email]]
    assert "/password/reset/" in mail.outbox[0].body
    assert_by_admin(only_event(events.PASSWORD_RESET_LINK_SENT, user), operator)


def test_bulk_action_runs_once_per_selected_user(operator_client, operator):
    people = [make_user(f"person{i}@example.com") for i in range(3)]
    for person in people:
        users_browser(person)
    response = operator_client.post(USERS, {"action": "end_sessions", "_selected_action": [p.pk for p in people],
                                         "confirmed": "yes"}, follow=True)
    assert "Ended the sessions of 3 of 3 selected user(s)." in response.content.decode()
    for person in people:
        assert not session_index.keys(person.pk)
        only_event(events.SESSIONS_REVOKED, person)


def test_actions_from_the_user_page_confirm_then_run(operator_client, operator, user):
    browser = users_browser(user)
    page = operator_client.get(user_page(user)).content.decode()
    action_url = f"{USERS}{user.pk}/actions/end_sessions/"
    assert action_url in page
    confirmation = operator_client.get(action_url)
    assert confirmation.status_code == 200 and b"are you sure?" in confirmation.content
    assert browser.get("/account/").status_code == 200  # a GET changes nothing
    response = operator_client.post(action_url, {"confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == user_page(user)
    assert browser.get("/account/").status_code == 302
    assert_by_admin(only_event(events.SESSIONS_REVOKED, user), operator)


def test_one_session_ends_from_the_user_page(operator_client, operator, user):
    phone, laptop = users_browser(user), users_browser(user)
    page = operator_client.get(user_page(user))
    sessions = page.content.decode()
    assert sessions.count('name="session"') == 2
    from accounts.flows.sessions import describe_sessions

    first = describe_sessions(user, current_key=None)[0]["id"]
    response = operator_client.post(f"{USERS}{user.pk}/sessions/end/", {"session": first})
    assert response.status_code == 302
    assert sorted([phone.get("/account/").status_code, laptop.get("/account/").status_code]) == [200, 302]
    assert_by_admin(only_event(events.SESSION_REVOKED, user), operator)
    assert operator_client.get(f"{USERS}{user.pk}/sessions/end/").status_code == 405


def test_nobody_deactivates_themselves(operator_client, operator):
    response = run_action(operator_client, "deactivate", [operator])
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.is_active
    assert not AuthEvent.objects.filter(event=events.ACCOUNT_DEACTIVATED).exists()
