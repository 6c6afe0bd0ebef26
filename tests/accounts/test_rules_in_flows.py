"""Every rule lives in its flow, so no door (page, API, admin, command) can skip it."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from accounts.flows.passwords import set_password_by_operator
from accounts.flows.reset import start_password_reset
from accounts.flows.signup import start_signup
from accounts.models import User
from accounts.throttle import Throttled
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def request_from(ip="198.51.100.20"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_reset_requests_are_limited_inside_the_flow():
    for _ in range(5):
        start_password_reset(request_from(), "Someone@Example.com")
    with pytest.raises(Throttled):
        start_password_reset(request_from(), "someone@example.com ")  # the flow normalizes: the same counter


def test_signup_requests_are_limited_inside_the_flow():
    for _ in range(5):
        start_signup(request_from(), email="new@example.com", display_name="New", password=PASSWORD)
    with pytest.raises(Throttled):
        start_signup(request_from(), email="NEW@example.com", display_name="New", password=PASSWORD)


def test_signup_flow_refuses_a_password_against_the_policy():
    with pytest.raises(ValidationError):
        start_signup(request_from(), email="new@example.com", display_name="New", password="short")


def test_an_operator_cannot_set_a_password_against_the_policy(user):
    with pytest.raises(ValidationError):
        set_password_by_operator(user, "password1234", actor="ops", command="set_password")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_unticking_active_in_the_admin_ends_sessions_and_is_audited_with_the_admin(operator_client, user):
    client = Client()  # the user's own browser, beside the operator's
    client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert client.get("/account/").status_code == 200
    page = operator_client.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"is_active": "", "groups": [], "user_permissions": [], "date_joined_0": "2026-01-01",
                 "date_joined_1": "00:00:00", "last_login_0": "", "last_login_1": ""})
    data = {key: value for key, value in data.items() if not isinstance(value, bool) or value}
    response = operator_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    user.refresh_from_db()
    assert not user.is_active
    event = AuthEvent.objects.get(event=events.ACCOUNT_DEACTIVATED)
    assert event.user_id == user.pk and event.details["actor"] == "ops@example.com"
    assert client.get("/account/").status_code == 302  # signed out at its next request
    assert User.objects.get(pk=user.pk).credentials_revoked_at is not None


@pytest.mark.tasks_inline
def test_deactivation_and_reactivation_each_tell_the_owner(user, mailoutbox):
    from accounts.flows.account_status import activate_account, deactivate_account

    deactivate_account(user, actor="ops@example.com")
    activate_account(user, actor="ops@example.com")
    assert [message.to for message in mailoutbox] == [[user.email], [user.email]]
    assert "deactivated" in mailoutbox[0].subject and "reactivated" in mailoutbox[1].subject
