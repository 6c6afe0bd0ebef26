"""Recovery codes: ten of 80 bits, stored only as digests, each usable once, regenerated behind step-up."""

import re

import pytest
from django.core import mail
from django.db import connection

from audit import events
from audit.models import AuthEvent
from mfa import recovery_codes
from mfa.flows.recovery import issue_recovery_codes, use_recovery_code
from mfa.models import RecoveryCode

# Mail content matters here, not how it travels: tasks run at enqueue (tests/conftest.py, task_backend).
pytestmark = pytest.mark.tasks_inline

CODE_SHAPE = re.compile(r"^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$")


def test_ten_readable_codes_of_eighty_bits(enrolled):
    _, _, codes = enrolled
    assert len(set(codes)) == 10
    assert all(CODE_SHAPE.match(code) for code in codes)
    assert len(recovery_codes.ALPHABET) ** recovery_codes.LENGTH == 2 ** 80


def test_database_dump_contains_no_usable_recovery_code(enrolled):
    user, _, codes = enrolled
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {RecoveryCode._meta.db_table}")
        dump = repr(cursor.fetchall())
    for code in codes:
        assert code not in dump and recovery_codes.normalize(code) not in dump
    # What is stored does not work as a code either.
    for stored in RecoveryCode.objects.values_list("digest", flat=True):
        assert not use_recovery_code(None, user, stored)
    assert RecoveryCode.objects.filter(used_at__isnull=True).count() == 10


def test_each_code_works_exactly_once(enrolled):
    user, _, codes = enrolled
    assert use_recovery_code(None, user, codes[3])
    assert not use_recovery_code(None, user, codes[3])
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() == 9


def test_typing_slips_are_forgiven_but_not_guessing(enrolled):
    user, _, codes = enrolled
    sloppy = codes[0].upper().replace("-", " ").replace("0", "O").replace("1", "l")
    assert use_recovery_code(None, user, sloppy)
    assert not use_recovery_code(None, user, codes[1][:-1] + ("a" if codes[1][-1] != "a" else "b"))


def test_a_code_of_another_user_does_not_work(enrolled, staff_user):
    user, _, codes = enrolled
    assert not use_recovery_code(None, staff_user, codes[0])


def test_account_page_shows_how_many_codes_are_left(client, enrolled):
    from tests.mfa.helpers import sign_in_with_code

    user, _, codes = enrolled
    sign_in_with_code(client, user, codes[0])
    page = client.get("/account/").content.decode()
    assert re.search(r'id="recovery-codes-left">9<', page)


def test_regenerating_shows_new_codes_once_and_kills_the_old(signed_in_client, enrolled):
    user, _, old = enrolled
    response = signed_in_client.post("/account/two-factor/recovery-codes/")
    assert response.status_code == 200
    new = re.findall(r"<code>([0-9a-z-]{19})</code>", response.content.decode())
    assert len(set(new)) == 10 and not set(new) & set(old)
    assert not use_recovery_code(None, user, old[0])
    assert use_recovery_code(None, user, new[0])
    assert AuthEvent.objects.filter(user=user, event=events.MFA_RECOVERY_REGENERATED).exists()
    assert any("new recovery codes" in message.subject for message in mail.outbox)
    page = signed_in_client.get("/account/two-factor/").content.decode()
    assert not any(code in page for code in new)


def test_issuing_replaces_every_earlier_code(enrolled):
    user, _, old = enrolled
    issue_recovery_codes(user)
    assert RecoveryCode.objects.filter(user=user).count() == 10
    assert not any(use_recovery_code(None, user, code) for code in old)
