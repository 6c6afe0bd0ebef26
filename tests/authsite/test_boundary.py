"""The 401/403 boundary: default deny for anonymous users, 403 for signed-in users without the right."""

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from tests.urlwalk import all_routes, is_api, page_routes
from web.decorators import is_public, permission_required, role_required

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = {"/", "/healthz", "/favicon.ico", "/login/", "/logout/",
                # Opened from the mail, maybe on a device where nobody (or someone else) is signed in.
                "/account/email/confirm/x/x/"}


def non_public_routes():
    return [(url, view) for url, view in all_routes() if not is_public(view)]


def test_the_public_views_are_exactly_the_ones_we_meant():
    public = {url for url, view in all_routes() if is_public(view)}
    unexpected = public - PUBLIC_PATHS - _public_paths_added_by_later_features(public)
    assert not unexpected, f"views marked @public without review: {sorted(unexpected)}"


def _public_paths_added_by_later_features(public):
    # Sign-up, password reset and the second login step are public by nature; anything else must be listed above.
    allowed_prefixes = ("/signup/", "/verify/", "/password/reset/", "/login/", "/api/auth/", "/api/jwks",
                        "/api/schema", "/.well-known/", "/social/")
    return {url for url in public if url.startswith(allowed_prefixes)}


@pytest.mark.parametrize("url", [url for url, _ in non_public_routes() if not is_api(url)])
def test_every_non_public_page_redirects_anonymous_users_to_login(client, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"].startswith("/login/?next="), (method, url)


@pytest.mark.parametrize("url", [url for url, _ in non_public_routes()])
def test_every_non_public_url_answers_json_clients_with_401(client, url):
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.json() == {"error": "not_authenticated"}


@pytest.mark.parametrize("url", [url for url, _ in non_public_routes() if is_api(url)])
def test_every_non_public_api_url_answers_401_to_any_method_without_a_token(client, url):
    for method in ("get", "post", "put", "delete"):
        response = getattr(client, method)(url)
        assert response.status_code == 401, (method, url, response.status_code)
        assert response.json() == {"error": "not_authenticated"}


def test_there_are_non_public_routes_to_walk():
    urls = {url for url, _ in non_public_routes()}
    assert "/account/" in urls and "/admin/" in urls and "/api/me" in urls
    assert {url for url, _ in page_routes()} < {url for url, _ in all_routes()}


def test_paths_under_api_get_json_401_even_without_accept(client):
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/api/secret/")
    assert response.status_code == 401
    assert response.json() == {"error": "not_authenticated"}


@role_required("auditor")
def auditor_only(request):
    return HttpResponse("audit data")


@permission_required("accounts.delete_user")
def deleters_only(request):
    return HttpResponse("deleted")


urlpatterns = [
    path("auditors/", auditor_only),
    path("deleters/", deleters_only),
    path("api/secret/", auditor_only),
    path("", include("accounts.urls")),  # the page layout links to the account page and to sign-out
]
handler403 = "web.errors.permission_denied"


@override_settings(ROOT_URLCONF=__name__)
def test_signed_in_user_without_the_role_gets_403_page(signed_in_client):
    response = signed_in_client.get("/auditors/")
    assert response.status_code == 403
    assert b"You do not have permission" in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_signed_in_user_without_the_role_gets_403_json(signed_in_client):
    response = signed_in_client.get("/auditors/", headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json() == {"error": "forbidden"}


@override_settings(ROOT_URLCONF=__name__)
def test_user_with_the_role_gets_in(signed_in_client, user):
    user.groups.add(Group.objects.create(name="auditor"))
    assert signed_in_client.get("/auditors/").status_code == 200


@override_settings(ROOT_URLCONF=__name__)
def test_permission_decorator_refuses_without_the_permission(signed_in_client):
    assert signed_in_client.get("/deleters/").status_code == 403


def test_non_staff_user_gets_403_from_the_admin(signed_in_client):
    response = signed_in_client.get("/admin/", follow=True)
    assert response.status_code == 403
