"""The admin's mail queue: queued, retrying and failed mail with when, kind, attempts and last error; read-only, and
never a task's arguments (addresses, request facts) or anything secret."""

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.flows.reset import reset_if_account
from accounts.mail import send_mail_template
from taskqueue.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

LIST = "/admin/taskqueue/mailtask/"


def test_operators_see_queued_retrying_and_failed_mail_but_no_arguments(operator_client):
    send_mail_template("account_locked", "queued.person@example.com", minutes=15)
    reset_if_account.enqueue(email="asked.person@example.com", request=None)
    retrying = DBTaskResult.objects.get(task_path="accounts.mail.send_mail")
    retrying.worker_ids = ["w1"]
    retrying.traceback = "Traceback ...\nConnectionRefusedError: [Errno 111] Connection refused\n"
    retrying.run_after = timezone.now() + timezone.timedelta(minutes=5)
    retrying.save()
    failed = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"template": "new_device", "to": "failed.person@example.com"}},
        task_path="accounts.mail.send_mail", backend_name="default", run_after=get_date_max(),
        status=TaskResultStatus.FAILED, worker_ids=["w1", "w2", "w3"], finished_at=timezone.now(),
        traceback="Traceback ...\nsmtplib.SMTPRecipientsRefused: {'x': (550, 'no such user')}\n")
    DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {"template": "password_changed"}},
                                task_path="accounts.mail.send_mail", backend_name="default",
                                run_after=get_date_max(), status=TaskResultStatus.SUCCESSFUL)

    page = operator_client.get(LIST).content.decode()
    assert "account_locked" in page and "retrying" in page and "Connection refused" in page
    assert "reset_if_account" in page and "queued" in page
    assert "new_device" in page and "failed" in page and "SMTPRecipientsRefused" in page
    assert "password_changed" not in page  # sent mail is not listed
    for argument in ("queued.person@example.com", "asked.person@example.com", "failed.person@example.com"):
        assert argument not in page
    detail = operator_client.get(f"{LIST}{failed.pk}/change/").content.decode()
    assert "new_device" in detail and "failed.person@example.com" not in detail and "Traceback" not in detail
    assert "failed" in operator_client.get(f"{LIST}?state=failed").content.decode()
    assert "account_locked" not in operator_client.get(f"{LIST}?state=failed").content.decode()


def test_the_mail_queue_cannot_be_changed_from_the_admin(operator_client):
    send_mail_template("account_locked", "someone@example.com", minutes=15)
    row = DBTaskResult.objects.get()
    assert operator_client.get(f"{LIST}add/").status_code == 403
    assert operator_client.post(f"{LIST}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert operator_client.post(f"{LIST}{row.pk}/change/", {}).status_code == 403
    assert DBTaskResult.objects.filter(pk=row.pk).exists()
    # django-tasks-db's own admin (arguments, tracebacks) is not reachable.
    assert operator_client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 404


def test_people_without_staff_rights_do_not_see_the_queue(signed_in_client):
    assert signed_in_client.get(LIST).status_code in (302, 403)


def test_operators_see_which_workers_are_alive(operator_client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="running-one", hostname="mail-1", pid=10, started_at=now, seen_at=now)
    WorkerHeartbeat.objects.create(worker_id="killed-one", hostname="mail-2", pid=11, started_at=now,
                                   seen_at=now - timezone.timedelta(minutes=5))
    page = operator_client.get("/admin/taskqueue/workerheartbeat/").content.decode()
    assert "running-one" in page and "killed-one" in page
    assert page.count('alt="True"') == 1 and page.count('alt="False"') == 1
