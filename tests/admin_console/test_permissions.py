"""Who may do what in the user admin: the support group, other staff, superusers; enforced on the server."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.sessions import index as session_index
from audit import events
from audit.models import AuthEvent
from tests.admin_console.helpers import (
    USERS,
    run_action,
    signed_in_staff,
    support_member,
    user_page,
    users_browser,
)
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


def change_form_data(client, user, **changes):
    """What the user page's form would post, with `changes` applied."""
    form = client.get(user_page(user)).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_the_support_group_exists_with_exactly_its_permissions(db):
    support = Group.objects.get(name="support")
    assert set(support.permissions.values_list("codename", flat=True)) == {
        "view_user", "end_sessions", "unlock_user", "send_password_reset", "change_user_status"}


def test_a_support_member_ends_a_users_sessions(user):
    member = support_member()
    staff = signed_in_staff(member)
    browser = users_browser(user)
    assert staff.get(USERS).status_code == 200
    assert staff.get(user_page(user)).status_code == 200  # view-only page
    run_action(staff, "end_sessions", [user])
    assert browser.get("/account/").status_code == 302
    event = AuthEvent.objects.get(event=events.SESSIONS_REVOKED, user=user)
    assert event.details["actor"] == member.email


def test_support_runs_its_actions_but_not_the_superusers_reset(user):
    staff = signed_in_staff(support_member())
    listing = staff.get(USERS).content.decode()
    for name in ["end_sessions", "clear_login_lock", "send_password_reset", "deactivate", "reactivate"]:
        assert f'value="{name}"' in listing
    assert "reset_two_factor_action" not in listing
    run_action(staff, "deactivate", [user])
    user.refresh_from_db()
    assert not user.is_active
    run_action(staff, "reactivate", [user])
    user.refresh_from_db()
    assert user.is_active


def test_support_cannot_make_anyone_staff_or_superuser_even_by_a_crafted_post(user):
    staff = signed_in_staff(support_member())
    for field in ["is_staff", "is_superuser"]:
        response = staff.post(user_page(user), {"email": user.email, "is_active": "on", field: "on"})
        assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser


def test_staff_with_change_user_cannot_touch_roles_even_by_a_crafted_post(user):
    helpdesk = make_user("helpdesk@example.com", is_staff=True)
    helpdesk.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    staff = signed_in_staff(helpdesk)
    page = staff.get(user_page(user))
    assert "is_superuser" not in page.context["adminform"].form.fields
    data = change_form_data(staff, user, display_name="Alice A.")
    assert staff.post(user_page(user), data).status_code == 302  # the fields they may edit, they edit
    user.refresh_from_db()
    assert user.display_name == "Alice A."
    for crafted in [{"is_superuser": "on"}, {"is_staff": "on"}, {"groups": [Group.objects.get(name="support").pk]},
                    {"user_permissions": [Permission.objects.get(codename="change_user").pk]}]:
        assert staff.post(user_page(user), {**data, **crafted}).status_code == 403
    assert staff.post(f"{USERS}add/", {"email": "new@example.com", "is_staff": "on"}).status_code == 403
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser and not user.groups.exists()
    assert staff.post(user_page(helpdesk), {**change_form_data(staff, helpdesk), "is_superuser": "on"}
                      ).status_code == 403


def test_only_superusers_edit_a_superuser(operator):
    helpdesk = make_user("helpdesk@example.com", is_staff=True)
    helpdesk.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    staff = signed_in_staff(helpdesk)
    page = staff.get(user_page(operator))
    assert page.status_code == 200 and page.context["adminform"].form.fields == {}  # read-only
    response = staff.post(user_page(operator), {"email": "taken-over@example.com", "display_name": "x"})
    assert response.status_code == 403
    operator.refresh_from_db()
    assert operator.email == "ops@example.com"


def test_support_cannot_act_on_a_superuser(operator):
    staff = signed_in_staff(support_member())
    browser_of_root = signed_in_staff(operator)
    response = run_action(staff, "deactivate", [operator])
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.is_active
    run_action(staff, "end_sessions", [operator])
    assert browser_of_root.get("/admin/").status_code == 200
    assert session_index.keys(operator.pk)


def test_support_gets_404_on_the_password_page(user):
    staff = signed_in_staff(support_member())
    assert staff.get(f"{USERS}{user.pk}/password/").status_code == 404
    assert staff.post(f"{USERS}{user.pk}/password/", {"password1": "x" * 20, "password2": "x" * 20}
                      ).status_code == 404


def test_the_password_page_is_gone_for_superusers_too(operator_client, user):
    assert operator_client.get(f"{USERS}{user.pk}/password/").status_code == 404
    page = operator_client.get(user_page(user)).content.decode()
    assert "/password/" not in page.split('id="content-main"')[1].split("user-section")[0]
    assert "argon2" not in page  # never the hash


def test_staff_outside_the_group_get_403(user):
    staff = signed_in_staff(make_user("intern@example.com", is_staff=True))
    assert staff.get(USERS).status_code == 403
    assert staff.get(user_page(user)).status_code == 403
    assert run_action(staff, "end_sessions", [user]).status_code == 403
    assert staff.get(f"{USERS}{user.pk}/actions/end_sessions/").status_code == 403
    assert staff.post(f"{USERS}{user.pk}/sessions/end/", {"session": "x"}).status_code == 403
    assert staff.get("/admin/audit/authevent/").status_code == 403


def test_a_superuser_cannot_remove_their_own_superuser_flag(operator_client, operator):
    data = change_form_data(operator_client, operator, is_superuser=False)
    response = operator_client.post(user_page(operator), data)
    assert response.status_code == 200 and b"Nobody removes their own superuser flag" in response.content
    operator.refresh_from_db()
    assert operator.is_superuser


def test_nobody_unticks_their_own_active_flag(operator_client, operator):
    response = operator_client.post(user_page(operator), change_form_data(operator_client, operator, is_active=False))
    assert response.status_code == 200 and b"Nobody deactivates their own account" in response.content
    operator.refresh_from_db()
    assert operator.is_active


def test_a_superuser_grants_roles(operator_client, user):
    support = Group.objects.get(name="support")
    data = change_form_data(operator_client, user, is_staff="on", groups=[support.pk])
    assert operator_client.post(user_page(user), data).status_code == 302
    user.refresh_from_db()
    assert user.is_staff and list(user.groups.all()) == [support]


def test_admin_pages_are_not_cached(operator_client, user):
    for url in [USERS, user_page(user), "/admin/audit/authevent/", "/admin/audit/authevent/overview/"]:
        assert "no-store" in operator_client.get(url)["Cache-Control"]


def test_staff_who_may_add_users_cannot_add_staff(db):
    helpdesk = make_user("helpdesk@example.com", is_staff=True)
    helpdesk.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "add_user"]))
    staff = signed_in_staff(helpdesk)
    form = staff.get(f"{USERS}add/").context["adminform"].form
    assert "is_staff" not in form.fields
    assert staff.post(f"{USERS}add/", {"email": "new@example.com", "is_staff": "on"}).status_code == 403
    response = staff.post(f"{USERS}add/", {"email": "New@Example.com", "display_name": "New"})
    assert response.status_code == 302
    from accounts.models import User

    created = User.objects.get(email="new@example.com")
    assert not created.is_staff and not created.has_usable_password()


def test_new_admin_pages_need_a_second_factor_in_the_session(client, operator, user):
    client.force_login(operator)  # signed in, but no second factor verified in this session
    for url in [USERS, "/admin/audit/authevent/export.csv", "/admin/audit/authevent/overview/",
                f"{USERS}{user.pk}/actions/end_sessions/"]:
        response = client.get(url)
        assert response.status_code in (302, 403) and b"csv" not in response.content[:50], url


def test_role_changes_creation_and_deletion_are_recorded(operator_client, operator, user):
    from audit import events as names
    from audit.models import AuthEvent as Event

    support = Group.objects.get(name="support")
    operator_client.post(user_page(user), change_form_data(operator_client, user, is_staff="on", groups=[support.pk]))
    change = Event.objects.get(event=names.ROLES_CHANGED, user=user)
    assert change.details["changes"] == {"is_staff": {"from": False, "to": True},
                                         "groups": {"from": [], "to": ["support"]}}
    assert change.details["actor"] == operator.email
    operator_client.post(user_page(user), change_form_data(operator_client, user, display_name="Only a name"))
    assert Event.objects.filter(event=names.ROLES_CHANGED).count() == 1

    operator_client.post(f"{USERS}add/", {"email": "new@example.com", "display_name": "New"})
    assert Event.objects.get(event=names.ACCOUNT_CREATED_BY_OPERATOR).details["roles"]["is_staff"] is False

    bob = make_user("bob@example.com")
    browser = users_browser(bob)
    response = operator_client.post(f"{USERS}{bob.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = Event.objects.get(event=names.ACCOUNT_DELETED)
    assert deleted.details["email"] == "bob@example.com" and deleted.details["actor"] == operator.email
    assert browser.get("/account/")["Location"].startswith("/login/")


def test_only_superusers_delete_users(user):
    staff = signed_in_staff(support_member())
    assert staff.post(f"{USERS}{user.pk}/delete/", {"post": "yes"}).status_code == 403
    assert run_action(staff, "delete_selected", [user]).status_code == 302  # not an action they have
    user.refresh_from_db()
    assert not AuthEvent.objects.filter(event=events.ACCOUNT_DELETED).exists()
