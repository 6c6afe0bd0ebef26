"""Small page promises: an icon, a 403 page that says who is signed in, fields that fit what they ask for."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_every_page_declares_an_icon_that_is_served(client):
    page = client.get("/login/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    served = client.get(icon)
    assert served.status_code == 200 and b"<svg" in b"".join(served.streaming_content)


def test_favicon_ico_is_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_the_403_page_says_who_is_signed_in_and_offers_sign_out(signed_in_client, user):
    response = signed_in_client.get("/admin/", follow=True)
    assert response.status_code == 403
    page = response.content.decode()
    assert "You are signed in as\n<strong>alice@example.com</strong>" in page
    form = re.search(r'<form method="post" action="/logout/".*?</form>', page, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form and "Sign out" in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in_client.cookies
    signed_out = strict.post("/logout/", {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302  # the button works: the token on the 403 page is valid
    assert strict.get("/account/").status_code == 302


def test_the_403_page_for_an_anonymous_csrf_failure_shows_no_account(client, user):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "signed in as" not in response.content.decode()


def test_error_messages_are_marked_apart_from_information():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.info(request, "You have been signed out.")
    messages.error(request, "That session was not found.")
    html = render_to_string("base.html", {"messages": messages.get_messages(request)})
    assert '<li class="message info" role="status">You have been signed out.</li>' in html
    assert '<li class="message error" role="alert">That session was not found.</li>' in html


def test_the_stylesheet_styles_errors_differently_from_information(client):
    css = b"".join(client.get("/static/authsite.css").streaming_content).decode()
    error = re.search(r"\.messages \.error \{([^}]*)\}", css).group(1)
    info = re.search(r"\.messages \.message \{([^}]*)\}", css).group(1)
    background = re.compile(r"background: ([^;]+);")
    assert background.search(error).group(1) != background.search(info).group(1)


def test_sign_up_email_is_the_username_for_password_managers(client):
    page = client.get("/signup/").content.decode()
    assert re.search(r'<input type="email" name="email" autocomplete="username"', page)


def test_step_up_code_is_a_numeric_text_field_and_the_password_a_password_field(signed_in_client, user):
    from tests.mfa.helpers import enrol

    enrol(user)
    page = signed_in_client.get("/reauth/").content.decode()
    code = re.search(r'<input[^>]*name="totp-secret"[^>]*>', page).group(0)
    assert 'type="text"' in code and 'inputmode="numeric"' in code and 'autocomplete="one-time-code"' in code
    password = re.search(r'<input[^>]*name="password-secret"[^>]*>', page).group(0)
    assert 'type="password"' in password and 'autocomplete="current-password"' in password


def test_a_wrong_step_up_code_is_not_echoed_back(signed_in_client, user):
    from tests.mfa.helpers import enrol

    enrol(user)
    response = signed_in_client.post("/reauth/", {"method": "totp", "totp-secret": "123456", "totp-next": ""})
    assert response.status_code == 400 and b"123456" not in response.content


def test_the_totp_key_is_shown_in_groups_of_four(signed_in_client):
    page = signed_in_client.get("/account/two-factor/setup/").content.decode()
    shown = re.search(r'<code class="secret" id="totp-secret">([^<]+)</code>', page).group(1)
    groups = shown.split(" ")
    assert len(groups) > 4 and all(len(group) == 4 for group in groups[:-1]) and 1 <= len(groups[-1]) <= 4
    assert re.fullmatch(r"[A-Z2-7]+", "".join(groups))


def test_the_first_recovery_codes_page_does_not_speak_of_older_codes(signed_in_client, user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.mfa.helpers import authenticator, start_of_step

    signed_in_client.get("/account/two-factor/setup/")
    device = TOTPDevice.objects.get(user=user)
    with start_of_step():
        first = signed_in_client.post("/account/two-factor/setup/", {"code": authenticator(device).now()})
    assert first.status_code == 200 and b"Two-factor authentication is now on." in first.content
    assert b"older codes" not in first.content
    regenerated = signed_in_client.post("/account/two-factor/recovery-codes/")
    assert b"Any older codes no longer work." in regenerated.content


def test_static_files_are_served_without_a_collect_step_or_a_hidden_warning(client):
    """WhiteNoise once warned "No directory at ..." on every start (STATIC_ROOT set, never collected) and a filter
    hid it. Now there is no STATIC_ROOT to miss, no filter, and the files are served from the finders."""
    import warnings

    from whitenoise.middleware import WhiteNoiseMiddleware

    assert not [f for f in warnings.filters if f[1] is not None and "No directory at" in f[1].pattern]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        static = WhiteNoiseMiddleware(lambda request: None)
    assert {"/static/authsite.css", "/static/favicon.svg", "/static/admin/css/base.css"} <= set(static.files)
