"""The API's part of the user admin: how many apps are signed in through the API, per user (live families)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from accounts.flows.sessions import revoke_sessions
from api.admin_parts import api_sign_ins, api_tokens
from tests.api.helpers import bearer, get_tokens, post_json
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


def counts(django_assert_num_queries):
    with django_assert_num_queries(1):  # one query for the whole list, not one per row
        users = list(api_tokens.annotate(get_user_model().objects.order_by("email")))
    return {user.email: api_sign_ins(user) for user in users}


def test_the_column_counts_live_refresh_families_in_one_query(client, user, django_assert_num_queries):
    bob = make_user("bob@example.com")
    phone, _ = get_tokens(client, user), get_tokens(client, user)
    get_tokens(client, bob)
    assert counts(django_assert_num_queries) == {"alice@example.com": 2, "bob@example.com": 1}
    post_json(client, "/api/auth/logout", {"refresh_token": phone["refresh_token"]},
              headers=bearer(phone["access_token"]))
    assert counts(django_assert_num_queries)["alice@example.com"] == 1
    revoke_sessions(bob, reason="test")  # families from before the stamp are dead even though not marked revoked
    assert counts(django_assert_num_queries)["bob@example.com"] == 0
    assert api_sign_ins(bob) == 0  # without the annotation too


def test_the_column_is_an_admin_column(user):
    assert api_tokens.columns == [api_sign_ins]
    assert api_sign_ins.short_description == "API sign-ins"


def test_the_user_page_lists_the_sign_ins_without_secrets(client, user):
    tokens = get_tokens(client, user, remember=True)
    request = RequestFactory().get("/admin/")
    [(title, html)] = api_tokens.page_sections(request, user)
    assert title == "API sign-ins" and "127.0.0.1" in html and "<table>" in html
    assert tokens["refresh_token"] not in html
    revoke_sessions(user, reason="test")
    [(_, html)] = api_tokens.page_sections(request, user)
    assert "No app is signed in" in html
