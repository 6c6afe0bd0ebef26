"""The lockout notice never runs on the request thread: the 5th wrong password only queues a task (for every locked
address, known or not), and a separate mail worker (`manage.py db_worker`, tests/workers.py) sends it. Against
gunicorn (real worker processes) and a real mail worker delivering over real SMTP on loopback, the 5th wrong password
takes the same time for an existing and an unknown account with a mail server that takes 1 s per message, and
/healthz answers at once while lockouts happen with a mail server that never answers.

Each sample needs an account (or unknown address) with 4 failures already counted: they are counted directly on the
shared Redis counters (the same throttle functions the login flow calls), so only the 5th, timed, goes over HTTP.
"""

import random
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.tasks import TaskResultStatus
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from accounts import throttle
from tests.helpers import make_user
from tests.http_client import PlainHttpBrowser
from tests.servers import gunicorn, wait_for
from tests.smtp import silent_smtp_server, slow_smtp_server
from tests.workers import db_worker

SAMPLES = 30
WARM_UP = 3
SLOW_SMTP_SECONDS = 1.0
NOTICE_TASK = "accounts.flows.login.lockout_notice"  # queued by the request; it queues SEND_TASK for a real account
SEND_TASK = "accounts.mail.send_mail"
WRONG = "definitely not the password 7"
# Hundreds of failures come from one client here: the per-IP lock (tested elsewhere) must not answer first. The
# password hash costs the same on both paths (tests/security/test_enumeration_timing.py times it at full cost); here
# it would only add noise on a loaded machine, so both this process (which makes the users) and gunicorn use a cheap
# Argon2.
CHEAP_HASH = {"AUTHSITE_ARGON2_MEMORY_KIB": "1024", "AUTHSITE_ARGON2_TIME_COST": "1"}
NO_IP_LOCK = {"AUTHSITE_LOGIN_IP_MAX_FAILURES": "1000000", **CHEAP_HASH}


def count_four_failures(email):
    """Bring `email` to one failure short of the lockout, as four wrong passwords would."""
    request = RequestFactory().post("/login/", REMOTE_ADDR="192.0.2.44")
    for _ in range(4):
        assert throttle.check_login_allowed(request, email) is None
        assert throttle.login_failed(request, email) == []


def queued_notices():
    """The addresses of the lockout notices queued so far (sent or not), one per task row."""
    rows = DBTaskResult.objects.filter(task_path=NOTICE_TASK)
    return sorted(row.args_kwargs["kwargs"]["email"] for row in rows)


def fifth_wrong_password(base, email):
    """Seconds taken by the reply to the 5th wrong password (the one that locks), from the POST alone."""
    browser = PlainHttpBrowser(base)
    token = browser.csrf_token("/login/")
    started = time.perf_counter()
    response = browser.post("/login/", {"email": email, "password": WRONG, "csrfmiddlewaretoken": token})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400, response.status_code
    return elapsed


@pytest.fixture
def many_accounts(transactional_db, settings):
    settings.AUTHSITE_LOGIN_IP_MAX_FAILURES = 1_000_000
    for name, value in CHEAP_HASH.items():
        setattr(settings, name, int(value))

    def make(count, prefix):
        existing = [make_user(f"{prefix}{n:03}@example.com").email for n in range(count)]
        unknown = [f"nobody-{prefix}{n:03}@example.com" for n in range(count)]
        for email in existing + unknown:
            count_four_failures(email)
        return existing, unknown

    return make


def test_the_locking_failure_takes_the_same_time_for_existing_and_unknown_accounts_with_a_slow_mail_server(
        many_accounts):
    existing, unknown = many_accounts(SAMPLES + WARM_UP, "slow")
    with slow_smtp_server(delay=SLOW_SMTP_SECONDS) as (inbox, port):
        # The gunicorn servers get the mail settings too: if a request ever sent mail itself again, it would wait
        # for this slow server. The mail worker runs throughout, as in production, sending while requests are timed.
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), **NO_IP_LOCK}
        with gunicorn(workers=2, extra_env=env) as base, db_worker(port) as worker:
            times = {"existing": [], "unknown": []}
            for sample in range(SAMPLES + WARM_UP):
                pair = {}
                for kind in random.sample(["existing", "unknown"], 2):
                    email = (existing if kind == "existing" else unknown)[sample]
                    pair[kind] = fifth_wrong_password(base, email) * 1000
                if sample >= WARM_UP:  # the first requests warm up each worker (imports, connections)
                    for kind, elapsed in pair.items():
                        times[kind].append(elapsed)
            median_existing, median_unknown = statistics.median(times["existing"]), statistics.median(times["unknown"])
            # Each pair ran back to back, so the median of the pairs' differences cancels the machine's load swings.
            paired = statistics.median(e - u for e, u in zip(times["existing"], times["unknown"], strict=True))
            print(f"\n5th wrong password, mail server 1 s/message: median existing {median_existing:.2f} ms, "
                  f"unknown {median_unknown:.2f} ms, difference {median_existing - median_unknown:+.2f} ms, median "
                  f"paired difference {paired:+.2f} ms, slowest existing {max(times['existing']):.2f} ms "
                  f"({SAMPLES} interleaved samples each)")
            # Inline mail made the existing account's reply wait for the mail server: about +1000 ms here.
            assert abs(paired) < 10, (paired, median_existing, median_unknown)
            assert abs(median_existing - median_unknown) < 10, (median_existing, median_unknown)
            # What each request did instead: it queued one notice task per locked address, for the unknown addresses
            # as for the real accounts (the task looks the account up), so the queue says nothing either.
            assert queued_notices() == sorted(existing + unknown)
            # The notices did go out, from the mail worker, one per locked real account (none for unknown ones),
            # each taking the slow server its second: they arrive one by one, long after the replies.
            messages = inbox.wait_for(SAMPLES + WARM_UP, timeout=(SAMPLES + WARM_UP) * SLOW_SMTP_SECONDS + 60)
            assert {message["To"] for message in messages} == set(existing), worker.log()
            assert all("paused" in message["Subject"] for message in messages)


def test_healthz_answers_at_once_while_lockouts_happen_with_a_mail_server_that_never_answers(many_accounts):
    lockouts = 12  # more than the 2 workers x 4 threads: inline mail would hold every thread for the SMTP timeout
    existing, _ = many_accounts(lockouts, "hang")
    with silent_smtp_server() as port:
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), **NO_IP_LOCK}
        with (gunicorn(workers=2, extra_env=env) as base, db_worker(port),
              ThreadPoolExecutor(max_workers=lockouts) as pool):
            started = time.perf_counter()
            replies = [pool.submit(fifth_wrong_password, base, email) for email in existing]
            during = []
            while not all(reply.done() for reply in replies) and time.perf_counter() - started < 30:
                during.append(timed_healthz(base))
            lockout_times = [reply.result(timeout=30) for reply in replies]
            # Every reply is out, each having queued its notice task; the mail worker turns them into mail tasks and
            # is soon stuck on the mail server with one of them (10 s SMTP timeout each): the pages do not care.
            assert queued_notices() == sorted(existing)
            wait_for(lambda: DBTaskResult.objects.filter(task_path=SEND_TASK, status=TaskResultStatus.RUNNING).exists(),
                     what="the mail worker stuck on the hung mail server")
            after = [timed_healthz(base) for _ in range(5)]
    print(f"\nhung mail server: {lockouts} lockouts answered in at most {max(lockout_times) * 1000:.0f} ms; "
          f"/healthz at most {max(during, default=0) * 1000:.0f} ms during the burst ({len(during)} requests), "
          f"{max(after) * 1000:.0f} ms while the notices hang")
    # Inline mail held each thread for the 10 s SMTP timeout, and /healthz queued behind them. During the burst,
    # /healthz waits at most for a thread between two cheap password checks (room for a loaded 2-core machine).
    assert max(lockout_times) < 3.0
    assert max(during, default=0) < 1.0
    assert max(after) < 0.25


def timed_healthz(base):
    began = time.perf_counter()
    assert PlainHttpBrowser(base).get("/healthz").status_code == 200
    return time.perf_counter() - began
