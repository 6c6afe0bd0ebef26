"""No mail is lost, and no reply waits on the mail server: real `manage.py db_worker` processes, the real database
queue, a real SMTP server on loopback that the tests stop, hang and start (tests/workers.py and tests/smtp.py)."""

import asyncio
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts import tokens
from accounts.models import OneTimeLink
from tests.helpers import make_user, path_of
from tests.servers import free_port, wait_for
from tests.smtp import Inbox, StallingInbox, body_of, link_in, smtp_mailers, smtp_sink
from tests.workers import Worker, db_worker

pytestmark = pytest.mark.django_db(transaction=True)  # the worker is another process: rows must be committed

NEW_PASSWORD = "quarry violet anchor 73"
LINK_PARTS = re.compile(r"/(?:signup/verify|password/reset)/([^/\s]+)/([^/\s]+)/")


def request_reset(client, email):
    started = time.perf_counter()
    response = client.post("/password/reset/", {"email": email})
    assert response.status_code == 302
    return time.perf_counter() - started


def reset_row():
    """The task that mails the reset link (queued by the lookup task, so it may not exist yet)."""
    return DBTaskResult.objects.filter(task_path="accounts.flows.reset.mail_reset_link").first()


def rows():
    return list(DBTaskResult.objects.all())


def test_mail_queued_while_no_worker_runs_is_sent_when_one_starts(client):
    user = make_user("queued@example.com")
    with smtp_sink() as sink:
        request_reset(client, user.email)
        time.sleep(1)
        assert sink.inbox.messages == []  # nobody sends it: no worker, and the request did not
        assert [row.status for row in rows()] == [TaskResultStatus.READY]
        with db_worker(sink.port):
            (message,) = sink.inbox.wait_for(1, timeout=30)
    assert message["To"] == user.email and "/password/reset/" in body_of(message)


def test_reset_with_the_mail_server_down_answers_at_once_and_the_mail_arrives_when_it_is_back(client):
    user = make_user("outage@example.com")
    with smtp_sink() as sink, db_worker(sink.port, extra_env={"SMTP_TIMEOUT": "2"}):
        usual = min(request_reset(client, f"warmup{n}@example.com") for n in range(3))
        sink.hang()  # the mail server accepts connections and never answers: a send would wait for its timeout
        during_outage = request_reset(client, user.email)
        # The reply does not wait on the mail server (a send would take the 2 s timeout, a default one 10 s).
        assert during_outage < max(0.5, 3 * usual), (during_outage, usual)
        wait_for(lambda: reset_row() and len(reset_row().worker_ids) >= 2, timeout=30,
                 what="a failed attempt and its retry")
        assert reset_row().status != TaskResultStatus.FAILED
        assert "TimeoutError" in reset_row().traceback or "timed out" in reset_row().traceback

        sink.start()  # the mail server is back; nobody sends a new request
        message = wait_for_mail_to(sink.inbox, user.email)
        wait_for(lambda: reset_row().status == TaskResultStatus.SUCCESSFUL, timeout=10, what="the task to finish")
    # Each failed attempt withdrew the link it had issued: one link exists, the one in the delivered mail.
    assert OneTimeLink.objects.filter(user=user, purpose=OneTimeLink.RESET_PASSWORD).count() == 1
    # The link, issued when the mail was finally sent, works.
    path = path_of(link_in(body_of(message), "/password/reset/"))
    assert client.get(path)["Location"] == "/password/reset/set/"
    response = client.post("/password/reset/set/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/login/"


def wait_for_mail_to(inbox, address, timeout=30):
    wait_for(lambda: any(address in message["To"] for message in inbox.messages), timeout=timeout,
             what=f"mail to {address}")
    return inbox.last_to(address)


def test_a_worker_killed_mid_send_leaves_the_mail_to_another_worker_which_sends_it_once(client):
    user = make_user("killed@example.com")
    inbox = StallingInbox()
    inbox.stalling.set()
    with smtp_sink(inbox) as sink:
        first = Worker(sink.port).start()
        try:
            request_reset(client, user.email)
            assert inbox.arrived.wait(timeout=30), "the first worker never reached the mail server"
            first.kill()  # kill -9 while it holds the task, in the middle of the SMTP conversation
        finally:
            first.close()
        inbox.stalling.clear()
        row = reset_row()
        assert row.status == TaskResultStatus.RUNNING  # django-tasks-db alone would leave it so forever

        killed_at = time.monotonic()
        with db_worker(sink.port):
            message = wait_for_mail_to(inbox, user.email, timeout=60)
            took = time.monotonic() - killed_at
            wait_for(lambda: DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.SUCCESSFUL, timeout=10)
        time.sleep(1)
    assert len(inbox.messages) == 1, "exactly once: the killed attempt was never accepted by the mail server"
    assert took < 30, took  # test clocks (tests/workers.py FAST); production: within 2 minutes, see test_config
    row.refresh_from_db()
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]
    assert "/password/reset/" in body_of(message)


def test_with_production_clocks_a_killed_workers_mail_arrives_within_two_minutes(client):
    """The promise as operators will check it: default heartbeat, loss and reclaim clocks, default poll interval."""
    user = make_user("production.clocks@example.com")
    inbox = StallingInbox()
    inbox.stalling.set()
    with smtp_sink(inbox) as sink:
        first = Worker(sink.port, fast=False, interval="1").start()
        try:
            request_reset(client, user.email)
            assert inbox.arrived.wait(timeout=30), "the first worker never reached the mail server"
            first.kill()
        finally:
            first.close()
        inbox.stalling.clear()
        killed_at = time.monotonic()
        with db_worker(sink.port, fast=False, interval="1"):
            wait_for_mail_to(inbox, user.email, timeout=120)
            took = time.monotonic() - killed_at
    assert took <= 120, took
    assert len(inbox.messages) == 1
    print(f"\nmail of a worker killed with kill -9 delivered by a new worker after {took:.0f} s")


def test_a_task_that_keeps_failing_is_marked_failed_after_the_retry_budget_and_logged(client):
    user = make_user("nomail@example.com")
    with smtp_sink(started=False) as sink, db_worker(sink.port,
                                                      extra_env={"AUTHSITE_TASK_RETRY_FOR_SECONDS": "3"}) as worker:
        request_reset(client, user.email)
        wait_for(lambda: reset_row() and reset_row().status == TaskResultStatus.FAILED, timeout=40,
                 what="the task to be given up")
        wait_for(lambda: "failed for good" in worker.log(), timeout=5, what="the log line")
    assert len(reset_row().worker_ids) >= 3  # retried with back-off first (1 s, 2 s: 3 s of waits), then given up
    assert "ConnectionRefusedError" in reset_row().exception_class_path


def test_no_task_row_holds_a_link_secret_or_a_password_hash(client):
    make_user("taken@example.com")
    with smtp_sink() as sink, db_worker(sink.port):
        client.post("/signup/", {"email": "fresh@example.com", "display_name": "Fresh",
                                 "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        client.post("/signup/", {"email": "taken@example.com", "display_name": "Again",
                                 "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        request_reset(client, "taken@example.com")
        wait_for(lambda: len(sink.inbox.messages) >= 3, timeout=40, what="three mails")
        wait_for(lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(), timeout=10,
                 what="every task to finish")
    bodies = [body_of(message) for message in sink.inbox.messages]
    secrets = [secret for body in bodies for _uid, secret in LINK_PARTS.findall(body)]
    assert len(secrets) == 2, bodies  # one verification link, one reset link
    stored = " ".join(f"{row.args_kwargs} {row.return_value} {row.traceback}" for row in rows())
    assert len(rows()) >= 5  # 2 sign-ups, their 2 mails, the reset request and its mail
    for secret in secrets:
        assert secret not in stored
    fresh = get_user_model().objects.get(email="fresh@example.com")
    assert fresh.password.startswith("argon2") and "argon2" not in stored  # neither sign-up keeps its hash
    assert NEW_PASSWORD not in stored


class LinkCheckingInbox(Inbox):
    """Checks, at the moment the mail server receives a link mail, whether the link already works (another
    database connection, as the user's click would be): a quick reader must never find a dead link."""

    def __init__(self):
        super().__init__()
        self.link_worked = []

    async def handle_DATA(self, server, session, envelope):
        text = envelope.content.decode(errors="replace").replace("=\r\n", "")
        parts = LINK_PARTS.search(text)
        if parts:
            self.link_worked.append(await asyncio.to_thread(self._works, *parts.groups()))
        return await super().handle_DATA(server, session, envelope)

    @staticmethod
    def _works(uidb64, secret):
        try:
            return tokens.find(uidb64, secret, OneTimeLink.RESET_PASSWORD) is not None
        finally:
            connection.close()


def test_a_link_works_the_moment_its_mail_reaches_the_mail_server(client):
    user = make_user("quick.reader@example.com")
    inbox = LinkCheckingInbox()
    with smtp_sink(inbox) as sink, db_worker(sink.port):
        request_reset(client, user.email)
        wait_for_mail_to(inbox, user.email)
    assert inbox.link_worked == [True]


def test_a_link_mail_that_cannot_be_sent_leaves_no_live_link(client, settings):
    from accounts.flows.reset import send_reset_link

    user = make_user("unsent@example.com")
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there
    with pytest.raises(ConnectionRefusedError):
        send_reset_link(user)
    assert not OneTimeLink.objects.filter(user=user).exists()
