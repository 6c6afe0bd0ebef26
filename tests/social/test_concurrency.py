"""One authorization answer signs in once, even when the callback arrives many times at once at a real gunicorn
(two worker processes): the state is consumed by one atomic DELETE before the code is ever exchanged."""

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from social_django.models import UserSocialAuth

from audit import events
from audit.models import AuthEvent
from tests.servers import gunicorn
from tests.social.conftest import CLIENT_ID

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def cookie_header(jar):
    # The cookies are Secure (DEBUG is off) and this is plain http on loopback: send them by hand.
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def test_a_callback_sent_eight_times_at_once_signs_in_once(provider):
    env = {"GOOGLE_CLIENT_ID": CLIENT_ID, "GOOGLE_CLIENT_SECRET": "authsite-test-secret",
           "GOOGLE_OIDC_ENDPOINT": provider.url}
    with gunicorn(workers=2, extra_env=env) as base:
        login = requests.get(f"{base}/login/", timeout=10)
        jar = dict(login.cookies.items())
        started = requests.post(f"{base}/social/google/start/", allow_redirects=False, timeout=10,
                                data={"csrfmiddlewaretoken": CSRF.search(login.text).group(1), "next": "/account/"},
                                headers={"Cookie": cookie_header(jar)})
        assert started.status_code == 302, started.text[:300]
        jar.update(started.cookies.items())
        back = urlsplit(provider.approve(started.headers["Location"], "sub-newcomer"))

        def arrive(_):
            return requests.get(f"{base}{back.path}?{back.query}", headers={"Cookie": cookie_header(jar)},
                                allow_redirects=False, timeout=10)

        with ThreadPoolExecutor(max_workers=8) as pool:
            replies = list(pool.map(arrive, range(8)))

    locations = sorted(reply.headers.get("Location", str(reply.status_code)) for reply in replies)
    assert locations == ["/account/"] + ["/login/"] * 7
    assert get_user_model().objects.count() == 1 and UserSocialAuth.objects.count() == 1
    assert AuthEvent.objects.filter(event=events.LOGIN_SUCCEEDED).count() == 1
    assert set(AuthEvent.objects.filter(event=events.GOOGLE_SIGN_IN_FAILED)
               .values_list("details__reason", flat=True)) == {"state_invalid"}
    assert len(provider.recorder.requests_to("/oauth2/token")) == 1  # the code was exchanged once
