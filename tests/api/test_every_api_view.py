"""Any view under /api/, not only the auth ones, is authenticated by the bearer middleware under default deny."""

import pytest
from django.http import JsonResponse
from django.test import override_settings
from django.urls import include, path

from tests.api.helpers import bearer, get_tokens

pytestmark = pytest.mark.django_db


def future_endpoint(request):
    return JsonResponse({"user": request.user.email})


urlpatterns = [
    path("", include("authsite.urls")),
    path("api/reports", future_endpoint),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_new_api_view_gets_bearer_auth_and_default_deny_for_free(signed_in_client, user):
    client = signed_in_client  # carries a browser session cookie, which never counts under /api/
    assert client.get("/").status_code == 200
    token = get_tokens(client, user)["access_token"]
    assert client.get("/api/reports", headers=bearer(token)).json() == {"user": user.email}
    assert client.get("/api/reports").json() == {"error": "not_authenticated"}
    assert client.get("/api/reports", headers=bearer(token + "x")).json() == {"error": "invalid_token"}
