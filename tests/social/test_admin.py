"""The admin shows whether Google is linked (through the admin-console registry part), never a token, and
social-auth's own admin pages do not exist."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from social_django.models import Association, Nonce, UserSocialAuth

from social.admin_parts import GoogleLinkedFilter, google
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


def test_social_auths_own_admin_pages_are_not_registered(operator_client):
    for model in (UserSocialAuth, Nonce, Association):
        assert not admin.site.is_registered(model)
    assert operator_client.get("/admin/social_django/usersocialauth/").status_code == 404


def test_the_google_column_and_filter_read_the_association(rf):
    linked = make_user("linked@example.com")
    make_user("plain@example.com")
    UserSocialAuth.objects.create(user=linked, provider="google-openidconnect", uid="sub-1", id_key="sub")
    users = google.annotate(get_user_model().objects.order_by("email"))

    column = google.columns[0]
    assert column.short_description == "Google" and column.boolean
    assert [(user.email, column(user)) for user in users] == [("linked@example.com", True),
                                                               ("plain@example.com", False)]
    request = rf.get("/admin/accounts/user/", {"google": "yes"})
    only_linked = GoogleLinkedFilter(request, {"google": ["yes"]}, get_user_model(), None).queryset(request, users)
    assert [user.email for user in only_linked] == ["linked@example.com"]


def test_the_user_page_section_says_since_when_and_shows_no_token(rf):
    user = make_user("linked@example.com")
    UserSocialAuth.objects.create(user=user, provider="google-openidconnect", uid="sub-1", id_key="sub",
                                  extra_data={})
    [(title, html)] = google.page_sections(rf.get("/"), user)
    assert title == "Google sign-in" and "Connected since" in html and "token" not in html.lower()
    [(_, html)] = google.page_sections(rf.get("/"), make_user("plain@example.com"))
    assert "Not connected" in html
