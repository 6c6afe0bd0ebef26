"""Staff signed in to the admin through the real pages (password, then a code), and a user's own browser."""

from django.contrib.auth.models import Group
from django.test import Client

from tests.helpers import PASSWORD, make_user
from tests.mfa.helpers import authenticator, enrol, sign_in_with_code

USERS = "/admin/accounts/user/"


def user_page(user):
    return f"{USERS}{user.pk}/change/"


def signed_in_staff(user):
    """A fresh browser of `user` (staff) signed in with a password and an authenticator code."""
    client = Client()
    device, _ = enrol(user)
    response = sign_in_with_code(client, user, authenticator(device).now())
    assert response.status_code == 302, response
    return client


def support_member(email="support@example.com"):
    member = make_user(email, is_staff=True)
    member.groups.add(Group.objects.get(name="support"))
    return member


def users_browser(user):
    """The user's own browser, signed in with their password."""
    client = Client()
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    assert client.get("/account/").status_code == 200
    return client


def run_action(client, name, users, confirmed=True):
    data = {"action": name, "_selected_action": [user.pk for user in users]}
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(USERS, data)
