"""A single-page app in real Chromium: the refresh token lives in an HttpOnly cookie that only same-origin JSON
requests can use, and the access token never lands in a cookie."""

import json

import pytest

from tests.api.conftest import key_entry
from tests.helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FETCH = """async ([url, body]) => {
    const response = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                       body: JSON.stringify(body), credentials: "same-origin"});
    return {status: response.status, body: await response.json()};
}"""


@pytest.fixture
def api_site(site_url, settings, tmp_path, user):
    path = tmp_path / "signing-keys.json"
    path.write_text(json.dumps({"keys": [key_entry()]}))
    settings.API_SIGNING_KEYS_FILE = str(path)
    settings.SITE_URL = site_url  # the Origin the refresh cookie must come with
    return site_url


def test_a_browser_app_refreshes_with_the_cookie_it_cannot_read(page, api_site, user):
    page.goto(f"{api_site}/login/")
    signed_in = page.evaluate(FETCH, ["/api/auth/token", {"email": user.email, "password": PASSWORD,
                                                          "refresh_token_cookie": True}])
    assert signed_in["status"] == 200 and "refresh_token" not in signed_in["body"]
    cookies = page.context.cookies()
    refresh_cookie = next(cookie for cookie in cookies if cookie["name"].endswith("refresh_token"))
    assert refresh_cookie["httpOnly"] and refresh_cookie["secure"] and refresh_cookie["sameSite"] == "Strict"
    assert refresh_cookie["path"] == "/api/auth/"
    assert "refresh_token" not in page.evaluate("document.cookie")  # script cannot read it
    assert all(signed_in["body"]["access_token"] not in cookie["value"] for cookie in cookies)

    refreshed = page.evaluate(FETCH, ["/api/auth/refresh", {}])  # the browser adds the cookie and the Origin
    assert refreshed["status"] == 200, refreshed
    me = page.evaluate("""async (token) => (await fetch("/api/me", {headers: {Authorization: "Bearer " + token}}))
                          .json()""", refreshed["body"]["access_token"])
    assert me["email"] == user.email
