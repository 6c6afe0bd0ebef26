"""A one-time link is used once even when several requests use it at the same moment, across worker processes."""


from django.urls import reverse

from accounts import tokens
from accounts.models import OneTimeLink
from tests.helpers import in_parallel, make_user
from tests.http_client import PlainHttpBrowser

PARALLEL = 6


def test_parallel_submissions_of_one_reset_link_set_the_password_once(live_gunicorn):
    user = make_user("parallel@example.com")
    uidb64, secret = tokens.issue(user, OneTimeLink.RESET_PASSWORD, 3600)
    link = reverse("accounts:password_reset_link", args=[uidb64, secret])
    browsers = [PlainHttpBrowser(live_gunicorn) for _ in range(PARALLEL)]
    forms = []
    for browser in browsers:  # each browser opens the link; opening does not use it up
        assert browser.get(link).headers["Location"] == "/password/reset/set/"
        forms.append(browser.csrf_token("/password/reset/set/"))

    def submit(browser, token, number):
        password = f"parallel passphrase number {number}"
        response = browser.post("/password/reset/set/", {"csrfmiddlewaretoken": token, "new_password1": password,
                                                         "new_password2": password})
        return response.status_code, password

    results = in_parallel([lambda b=b, t=t, n=n: submit(b, t, n) for n, (b, t) in enumerate(zip(browsers, forms, strict=True))])
    winners = [password for status, password in results if status == 302]
    assert len(winners) == 1, results
    assert sorted(status for status, _ in results) == [302] + [400] * (PARALLEL - 1)
    user.refresh_from_db()
    assert user.check_password(winners[0])


def test_parallel_uses_of_one_verification_link_verify_once(live_gunicorn):
    from audit import events
    from audit.models import AuthEvent

    user = make_user("verify-parallel@example.com", email_verified=False)
    uidb64, secret = tokens.issue(user, OneTimeLink.VERIFY_EMAIL, 3600)
    link = reverse("accounts:verify_email", args=[uidb64, secret])
    results = in_parallel([lambda: PlainHttpBrowser(live_gunicorn).get(link).status_code] * PARALLEL)
    assert sorted(results) == [302] + [400] * (PARALLEL - 1)
    assert AuthEvent.objects.filter(event=events.EMAIL_VERIFIED).count() == 1
    user.refresh_from_db()
    assert user.email_verified
