"""Revocation survives Redis: a session signed in before credentials_revoked_at (PostgreSQL) is ended at its next
request even when Redis brings the deleted session back (a failover that lost the deletion), while the session that
made the change keeps working, and a page view still costs one SQL query."""

import io
import time

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from accounts.flows.sessions import revoke_session, revoke_sessions
from accounts.models import User
from accounts.sessions.policy import PUBLIC_ID
from audit import events
from audit.models import AuthEvent
from tests.helpers import PASSWORD, in_parallel, session_cache_key

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    assert client.post("/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    return client


class LostDeletion:
    """What a Redis failover can do: the sessions' data, copied now, come back after they were deleted."""

    def __init__(self, *clients):
        keys = [session_cache_key(client.cookies[settings.SESSION_COOKIE_NAME].value) for client in clients]
        self.saved = {key: cache.get(key) for key in keys}
        assert all(self.saved.values())

    def restore(self):
        for key, data in self.saved.items():
            assert cache.get(key) is None, "the revocation should have deleted it first"
            cache.set(key, data, 3600)


def test_sign_out_everywhere_holds_even_if_redis_brings_the_other_sessions_back(user):
    laptop, phone, tablet = signed_in(user), signed_in(user), signed_in(user)
    lost = LostDeletion(phone, tablet)
    laptop.post("/account/sessions/end-others/")
    lost.restore()
    assert phone.get("/account/").status_code == 302
    assert tablet.get("/account/", headers={"Accept": "application/json"}).status_code == 401
    assert laptop.get("/account/").status_code == 200  # the session that made the change keeps working
    assert AuthEvent.objects.filter(event=events.SESSION_EXPIRED, user=user, details__reason="revoked").count() == 2


def test_the_ended_session_is_gone_for_good_and_the_login_page_says_why(user):
    laptop, phone = signed_in(user), signed_in(user)
    lost = LostDeletion(phone)
    laptop.post("/account/sessions/end-others/")
    lost.restore()
    response = phone.get("/account/", follow=True)
    assert b"sessions were ended" in response.content
    assert phone.get("/account/").status_code == 302  # not signed back in by the restored data
    assert cache.get(lost_key(lost)) is None


def lost_key(lost):
    [key] = lost.saved
    return key


def test_a_password_change_keeps_only_the_session_that_made_it(user):
    laptop, phone = signed_in(user), signed_in(user)
    lost = LostDeletion(phone)
    new = "an entirely different long passphrase 7"
    response = laptop.post("/account/password/", {"current_password": PASSWORD, "new_password1": new,
                                                  "new_password2": new})
    assert response.status_code == 302, response.content
    lost.restore()
    assert laptop.get("/account/").status_code == 200
    assert phone.get("/account/").status_code == 302


def test_operator_revocation_ends_every_session_even_if_redis_lost_the_deletion(user):
    laptop, phone = signed_in(user), signed_in(user)
    lost = LostDeletion(laptop, phone)
    call_command("revoke_sessions", user.email, stdout=io.StringIO())
    lost.restore()
    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 302


def test_a_session_signed_in_at_the_same_instant_as_the_revocation_still_counts(user):
    with time_machine.travel(time.time(), tick=False):
        revoke_sessions(user, reason="test")
        laptop = signed_in(user)
        assert laptop.get("/account/").status_code == 200


def test_a_session_signed_in_after_the_revocation_is_not_affected(user):
    revoke_sessions(user, reason="test")
    laptop = signed_in(user)
    assert laptop.get("/account/").status_code == 200
    assert User.objects.get(pk=user.pk).credentials_revoked_at is not None


def test_the_check_costs_no_query(user, django_assert_num_queries):
    revoke_sessions(user, reason="test")
    laptop = signed_in(user)
    laptop.get("/")
    with django_assert_num_queries(1):  # the user row, which AuthenticationMiddleware loads anyway
        assert laptop.get("/").status_code == 200


def public_id_of(client):
    return cache.get(session_cache_key(client.cookies[settings.SESSION_COOKIE_NAME].value))[PUBLIC_ID]


def test_one_session_ended_from_your_sessions_stays_ended_even_if_redis_brings_it_back(user):
    laptop, phone, tablet = signed_in(user), signed_in(user), signed_in(user)
    lost = LostDeletion(phone)
    assert laptop.post("/account/sessions/end/", {"session": public_id_of(phone)}).status_code == 302
    lost.restore()
    assert phone.get("/account/", headers={"Accept": "application/json"}).status_code == 401
    assert laptop.get("/account/").status_code == 200 and tablet.get("/account/").status_code == 200
    assert AuthEvent.objects.filter(event=events.SESSION_EXPIRED, user=user, details__reason="revoked").count() == 1
    assert len(laptop.get("/account/sessions/").context["sessions"]) == 2  # the laptop and the tablet


def test_the_list_of_ended_sessions_keeps_only_sessions_that_could_still_live(user):
    first, keeper = signed_in(user), signed_in(user)
    first_id = public_id_of(first)
    keeper.post("/account/sessions/end/", {"session": first_id})
    assert set(User.objects.get(pk=user.pk).ended_sessions) == {first_id}
    with time_machine.travel(time.time() + 13 * 60 * 60, tick=False):  # past a normal session's 12 h absolute limit
        later, again = signed_in(user), signed_in(user)
        later_id = public_id_of(later)
        again.post("/account/sessions/end/", {"session": later_id})
    assert set(User.objects.get(pk=user.pk).ended_sessions) == {later_id}  # the first one could not live anyway


@pytest.mark.django_db(transaction=True)
def test_sessions_ended_at_the_same_moment_are_all_listed(user):
    doomed = [public_id_of(signed_in(user)) for _ in range(6)]

    def end(public_id):
        def call():
            try:
                return revoke_session(User.objects.get(pk=user.pk), public_id)
            finally:
                connection.close()  # each thread has its own connection

        return call

    assert in_parallel([end(public_id) for public_id in doomed]) == [True] * 6
    assert set(User.objects.get(pk=user.pk).ended_sessions) == set(doomed)
