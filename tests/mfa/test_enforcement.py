"""Staff must enrol: every page sends them to setup, and the admin wants a second factor verified in the session."""

import pyotp
import pytest

from tests.helpers import is_signed_in
from tests.mfa.helpers import SETUP_PAGE, authenticator, enrol, password_step, sign_in_with_code
from tests.mfa.test_setup import setup_page
from tests.urlwalk import is_api, sample_paths

# The setups (an app, or a passkey: its page and doors, and the step-up it may ask for) and the way out.
STILL_REACHABLE = {SETUP_PAGE, "/account/passkeys/", "/account/passkeys/options/", "/account/passkeys/add/",
                   "/reauth/", "/logout/", "/healthz"}


@pytest.fixture
def staff_client(client, staff_user):
    assert password_step(client, staff_user)["Location"] == "/"
    return client


def test_staff_without_a_device_is_sent_to_setup_from_every_page(staff_client):
    # The API never uses the session (its token endpoint refuses unenrolled staff: tests/api).
    paths = {path for path in sample_paths() if not is_api(path)} - STILL_REACHABLE
    assert {"/", "/account/", "/admin/", "/admin/accounts/user/", "/account/sessions/"} <= paths
    for path in sorted(paths):
        response = staff_client.get(path)
        assert response.status_code == 302 and response["Location"] == SETUP_PAGE, path
    assert staff_client.get(SETUP_PAGE).status_code == 200


def test_json_clients_of_unenrolled_staff_get_a_403(staff_client):
    response = staff_client.get("/account/", HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]


def test_enrolling_opens_the_admin(staff_client):
    _, uri, _, _ = setup_page(staff_client)
    assert staff_client.post(SETUP_PAGE, {"code": pyotp.parse_uri(uri).now()}).status_code == 200
    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.get("/account/").status_code == 200


def test_enrolled_staff_reach_the_admin_after_the_code(client, staff_user):
    device, _ = enrol(staff_user)
    assert sign_in_with_code(client, staff_user, authenticator(device).now()).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_password_only_session_from_before_enrolment_is_ended(client, staff_user):
    password_step(client, staff_user)  # signed in before a device existed
    enrol(staff_user)  # enrolled from another browser
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert not is_signed_in(client)


def test_admin_refuses_staff_whose_session_lacks_a_second_factor_even_if_enrolled(rf, staff_user):
    from django.contrib.admin import site
    from django.contrib.sessions.backends.cache import SessionStore

    enrol(staff_user)
    request = rf.get("/admin/")
    request.user, request.session = staff_user, SessionStore()
    assert not site.has_permission(request)


def test_with_enforcement_off_staff_may_skip_two_factor(staff_client, settings):
    settings.AUTHSITE_ENFORCE_FOR_STAFF = False
    assert staff_client.get("/admin/").status_code == 200


def test_ordinary_users_are_not_forced_to_enrol(signed_in_client):
    assert signed_in_client.get("/account/").status_code == 200
