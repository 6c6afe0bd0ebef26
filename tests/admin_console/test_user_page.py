"""The user page: profile, live sessions (each with "end"), two-factor devices and codes left (never a secret),
and the last 50 security events."""

import pytest
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuthEvent
from audit.record import record
from mfa.models import RecoveryCode
from tests.admin_console.helpers import signed_in_staff, support_member, user_page, users_browser
from tests.helpers import make_user
from tests.mfa.helpers import enrol

pytestmark = pytest.mark.django_db


def section(body, element_id):
    start = body.index(f'id="{element_id}"')
    return body[start:body.index("</table>", start)]


def test_user_page_shows_sessions_devices_codes_and_events(operator_client, user):
    users_browser(user)
    device, codes = enrol(user)
    body = operator_client.get(user_page(user)).content.decode()
    assert "Alice" in body and "alice@example.com" in body  # profile
    sessions = section(body, "user-sessions")
    assert "127.0.0.1" in sessions and ">End</button>" in sessions
    assert "Authenticator app" in section(body, "user-two-factor")
    assert 'id="user-recovery-codes-left">10<' in body
    # Never a secret: not the device key, not a recovery code, not a code digest, not the password hash.
    assert device.key not in body and device.bin_key.hex() not in body
    assert not any(code in body for code in codes)
    assert not any(digest in body for digest in RecoveryCode.objects.values_list("digest", flat=True))
    assert "argon2" not in body
    assert "login.succeeded" in section(body, "user-events")
    # The confirmed actions as buttons (the page keeps Django's own Delete button for deletion).
    assert "actions/end_sessions/" in body and "actions/delete_selected/" not in body and "%(" not in body


def test_user_page_lists_only_the_last_50_events_of_that_user(operator_client, user):
    other = make_user("bob@example.com")
    for number in range(60):
        record("test.numbered", user=user, number=number)
    record("test.someone_else", user=other)
    events = section(operator_client.get(user_page(user)).content.decode(), "user-events")
    assert events.count("<tr>") - 1 == 50  # minus the header row
    assert "&#x27;number&#x27;: 59" in events and "&#x27;number&#x27;: 9}" not in events
    assert "test.someone_else" not in events
    assert f"/admin/audit/authevent/?user={user.pk}" in operator_client.get(user_page(user)).content.decode()


def test_staff_without_end_sessions_see_no_end_button(user):
    helpdesk = make_user("helpdesk@example.com", is_staff=True)
    helpdesk.user_permissions.add(Permission.objects.get(codename="view_user"))
    users_browser(user)
    body = signed_in_staff(helpdesk).get(user_page(user)).content.decode()
    assert "127.0.0.1" in section(body, "user-sessions") and ">End</button>" not in body


def test_support_sees_the_page_read_only_with_its_actions(user):
    body = signed_in_staff(support_member()).get(user_page(user)).content.decode()
    assert "actions/deactivate/" in body and "actions/end_sessions/" in body
    assert "actions/reset_two_factor_action/" not in body
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuthEvent.objects.filter(user=user).count() == 0
