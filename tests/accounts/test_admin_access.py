"""The admin is for staff only, and reached only through our login page."""

import pytest

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_admin_visit_goes_to_our_login_page(client):
    response = client.get("/admin/")
    assert response["Location"] == "/login/?next=%2Fadmin%2F"


def test_the_admins_own_login_view_is_not_a_second_door(client, staff_user):
    response = client.post("/admin/login/", {"username": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_staff_reach_the_admin_after_signing_in_through_our_page(client, staff_user):
    from tests.mfa.helpers import authenticator, enrol

    device, _ = enrol(staff_user)
    response = client.post("/login/", {"email": staff_user.email, "password": PASSWORD, "next": "/admin/"})
    assert response["Location"].startswith("/login/code/")  # staff always pass a second factor first
    response = client.post("/login/code/", {"code": authenticator(device).now(), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Roles are Django permissions: staff see only the models they were given.
    assert client.get("/admin/accounts/user/").status_code == 403
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert client.get("/admin/accounts/user/").status_code == 200


def test_admin_logout_is_post_only_and_audited(operator_client):
    from audit.models import AuthEvent

    client = operator_client
    assert client.get("/admin/logout/").status_code == 405
    client.post("/admin/logout/")
    assert AuthEvent.objects.filter(event="logout").exists()
    assert client.get("/admin/").status_code == 302
