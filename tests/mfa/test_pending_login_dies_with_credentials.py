"""A login that has passed the password step dies with the credentials it used: after a password reset or change,
"sign out everywhere", an operator's revocation or a deactivation, a valid code at the code page signs nobody in."""

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.flows.account_status import deactivate_account
from accounts.flows.login import PENDING
from accounts.flows.passwords import set_password_by_operator
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, is_signed_in, mail_link, path_of
from tests.mfa.helpers import CODE_PAGE, authenticator, password_step, sign_in_with_code, start_of_step

# Mail runs at enqueue (ImmediateBackend): these tests read it from the outbox; tests/taskqueue covers the queue.
pytestmark = pytest.mark.tasks_inline

NEW_PASSWORD = "violet engine pasture 73"


def owner_resets_the_password(user, mailoutbox):
    owner = Client()
    owner.post("/password/reset/", {"email": user.email})
    owner.get(path_of(mail_link(mailoutbox[-1], "/password/reset/")))
    response = owner.post("/password/reset/set/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/login/"


def owner_signs_out_everywhere(user, device):
    owner = Client()
    assert sign_in_with_code(owner, user, authenticator(device).now()).status_code == 302
    assert owner.post("/account/sessions/end-others/").status_code == 302


def owner_changes_the_password(user, device):
    owner = Client()
    assert sign_in_with_code(owner, user, authenticator(device).now()).status_code == 302
    response = owner.post("/account/password/", {"current_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                                 "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content


ROUTES = {
    "password reset by the owner": lambda user, device, mailoutbox: owner_resets_the_password(user, mailoutbox),
    "password change by the owner": lambda user, device, mailoutbox: owner_changes_the_password(user, device),
    "sign out everywhere": lambda user, device, mailoutbox: owner_signs_out_everywhere(user, device),
    "manage.py revoke_sessions": lambda user, device, mailoutbox: call_command("revoke_sessions", user.email),
    "manage.py set_password": lambda user, device, mailoutbox: set_password_by_operator(
        user, NEW_PASSWORD, actor="os:test", command="set_password"),
    "deactivation": lambda user, device, mailoutbox: deactivate_account(user, actor="os:test"),
}


@pytest.mark.parametrize("route", ROUTES)
def test_a_valid_code_after_the_credentials_changed_signs_nobody_in(client, enrolled, mailoutbox, route):
    user, device, _ = enrolled
    with start_of_step() as clock:
        response = password_step(client, user)  # the attacker's password step, with the old password
        assert response["Location"].startswith(CODE_PAGE)
        clock.shift(1)
        ROUTES[route](user, device, mailoutbox)
        clock.shift(30)  # a fresh code: the owner's own sign-in may have used the previous one
        response = client.post(CODE_PAGE, {"code": authenticator(device).now()})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert not is_signed_in(client)
    assert PENDING not in client.session  # the pending state is gone, not just refused once
    assert client.get("/account/").status_code == 302
    assert AuthEvent.objects.filter(user=user, event=events.PENDING_LOGIN_REFUSED,
                                    details__reason="credentials_changed").exists()


def test_the_code_page_itself_refuses_a_pending_login_whose_password_changed(client, enrolled):
    user, _, _ = enrolled
    password_step(client, user)
    set_password_by_operator(user, NEW_PASSWORD, actor="os:test", command="set_password")
    response = client.get(CODE_PAGE)
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert PENDING not in client.session


def test_an_unchanged_pending_login_still_finishes(client, enrolled):
    user, device, _ = enrolled
    with start_of_step():
        response = sign_in_with_code(client, user, authenticator(device).now())
    assert response.status_code == 302 and response["Location"] == "/"
    assert is_signed_in(client)
