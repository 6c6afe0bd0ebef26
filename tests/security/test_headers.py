"""Security headers and cookie attributes, checked on every page of the site."""

import re

import pytest
from django.conf import settings

from tests.helpers import PASSWORD
from tests.urlwalk import all_routes, page_routes

pytestmark = pytest.mark.django_db

PAGES = sorted({url for url, _ in all_routes()})


def assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp, (url, directive, csp)
    # Django adds 'nonce-…' only to pages that use one; no page may ever need 'unsafe-inline'.
    assert re.search(r"script-src 'self'( 'nonce-[\w+/=-]+')?;", csp) and "unsafe" not in csp, (url, csp)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("Strict-Transport-Security") == "max-age=31536000; includeSubDomains", url


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_security_headers_for_anonymous_visitors(client, url):
    assert_security_headers(client.get(url, secure=True), url)


@pytest.mark.parametrize("url", sorted({url for url, _ in page_routes()}))
def test_every_page_for_a_signed_in_user_is_no_store(signed_in_client, url):
    response = signed_in_client.get(url, secure=True)
    assert_security_headers(response, url)
    assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_no_page_has_inline_script_or_style(signed_in_client, staff_user):
    for url in PAGES:
        body = signed_in_client.get(url).content.decode(errors="replace")
        assert "<script>" not in body and "style=" not in body and "<style" not in body, url


def test_session_cookie_is_host_prefixed_httponly_secure_and_lax(client, user):
    # The test settings use an https SITE_URL, as production does.
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    client.post("/login/", {"email": user.email, "password": PASSWORD}, secure=True)
    cookie = client.cookies["__Host-sessionid"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/" and not cookie["domain"]
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken" and csrf["secure"] and csrf["samesite"] == "Lax"
