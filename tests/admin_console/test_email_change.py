"""An operator changes a user's address: audited, every session ends, the old address is told."""

import pytest
from django.core import mail

from audit import events
from audit.models import AuthEvent
from tests.admin_console.helpers import user_page, users_browser
from tests.admin_console.test_permissions import change_form_data
from tests.helpers import make_user

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = [pytest.mark.django_db, pytest.mark.tasks_inline]


def test_email_change_is_audited_ends_sessions_and_notifies_the_old_address(operator_client, operator, user):
    browser = users_browser(user)
    data = change_form_data(operator_client, user, email="Alice.New@Example.com")
    assert operator_client.post(user_page(user), data).status_code == 302
    user.refresh_from_db()
    assert user.email == "alice.new@example.com"
    event = AuthEvent.objects.get(event=events.EMAIL_CHANGED)
    assert event.user_id == user.pk and event.details["actor"] == operator.email
    assert event.details["old_email"] == "alice@example.com"
    assert browser.get("/account/").status_code == 302
    notices = [message for message in mail.outbox if message.to == ["alice@example.com"]]
    assert len(notices) == 1 and "alice.new@example.com" in notices[0].body


def test_an_address_in_use_is_a_form_error(operator_client, user):
    make_user("bob@example.com")
    response = operator_client.post(user_page(user), change_form_data(operator_client, user, email="BOB@example.com"))
    assert response.status_code == 200 and response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.email == "alice@example.com"
    assert not AuthEvent.objects.filter(event=events.EMAIL_CHANGED).exists()


def test_saving_other_fields_changes_no_address_and_ends_no_session(operator_client, user):
    browser = users_browser(user)
    operator_client.post(user_page(user), change_form_data(operator_client, user, display_name="Al"))
    assert browser.get("/account/").status_code == 200
    assert not AuthEvent.objects.filter(event__in=[events.EMAIL_CHANGED, events.SESSIONS_REVOKED]).exists()
