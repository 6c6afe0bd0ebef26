"""A request never talks to the mail server: it inserts one task row. Sign-up and reset queue the same task, with the
same arguments' shape, whether or not the address has an account (the task looks it up)."""

import pytest
from django_tasks_db.models import DBTaskResult

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "saffron glacier piano 46"


def queued():
    return [(row.task_path, sorted(row.args_kwargs["kwargs"])) for row in DBTaskResult.objects.order_by("enqueued_at")]


def test_a_reset_request_queues_the_same_one_task_for_a_known_and_an_unknown_address(client, user, mailoutbox):
    client.post("/password/reset/", {"email": user.email})
    known = queued()
    DBTaskResult.objects.all().delete()
    client.post("/password/reset/", {"email": "nobody@example.com"})
    assert queued() == known == [("accounts.flows.reset.reset_if_account", ["email", "request"])]
    assert mailoutbox == []


def test_a_sign_up_queues_the_same_one_task_for_a_taken_and_a_new_address(client, user, mailoutbox):
    def sign_up(email):
        client.post("/signup/", {"email": email, "display_name": "Someone", "new_password1": NEW_PASSWORD,
                                 "new_password2": NEW_PASSWORD})

    sign_up(user.email)
    taken = queued()
    DBTaskResult.objects.all().delete()
    sign_up("brand.new@example.com")
    assert queued() == taken == [("accounts.flows.signup.register_signup",
                                  ["display_name", "email", "password_hash", "request"])]
    assert mailoutbox == []
    row = DBTaskResult.objects.get()
    assert NEW_PASSWORD not in str(row.args_kwargs)  # the hash travels, never the password


def test_a_security_notification_is_queued_not_sent_on_the_request(signed_in_client, user, mailoutbox):
    response = signed_in_client.post("/account/password/", {"current_password": PASSWORD,
                                                            "new_password1": NEW_PASSWORD,
                                                            "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert mailoutbox == []
    row = DBTaskResult.objects.get(task_path="accounts.mail.send_mail")
    kwargs = row.args_kwargs["kwargs"]
    assert (kwargs["template"], kwargs["to"], kwargs["user_id"]) == ("password_changed", user.email, user.pk)
    assert NEW_PASSWORD not in str(row.args_kwargs) and PASSWORD not in str(row.args_kwargs)
    assert kwargs["request"]["meta"]["REMOTE_ADDR"] == "127.0.0.1"


@pytest.mark.tasks_inline
def test_a_test_marked_tasks_inline_gets_its_mail_at_once(client, user, mailoutbox):
    client.post("/password/reset/", {"email": user.email})
    assert not DBTaskResult.objects.exists()
    [message] = mailoutbox
    assert message.to == [user.email]
