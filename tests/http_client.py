"""A minimal browser over plain HTTP for tests against live servers: keeps cookies and fills in CSRF tokens.

The test servers run with production cookie settings (Secure, __Host- names) on http://127.0.0.1, where `requests`
would refuse to send Secure cookies back; this client keeps them itself. Safe to share between threads for
parallel-request tests (each call sends the cookies it has at that moment).
"""

import re

import requests

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PlainHttpBrowser:
    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, method, path, **kwargs):
        response = requests.request(method, self.base + path, cookies=dict(self.cookies), allow_redirects=False,
                                    timeout=30, **kwargs)
        # Enough for these tests: cookies are set and replaced, never deleted (no logout through this client).
        self.cookies.update({cookie.name: cookie.value for cookie in response.cookies})
        return response

    def on(self, base):
        """The same browser (the very same cookies) talking to another server, as behind a load balancer."""
        twin = PlainHttpBrowser(base)
        twin.cookies = self.cookies
        return twin

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    @staticmethod
    def csrf_from(page):
        """The CSRF token in a form page already fetched."""
        return CSRF_VALUE.search(page.text).group(1)

    def csrf_token(self, path):
        """GET the form page and return its CSRF token (the cookie comes with it)."""
        return CSRF_VALUE.search(self.get(path).text).group(1)

    def submit(self, path, data, token=None, **kwargs):
        """POST a form the way a browser would: its page first (unless a token is given), then the data."""
        return self.post(path, {**data, "csrfmiddlewaretoken": token or self.csrf_token(path)}, **kwargs)

    def sign_in_with_password(self, email, password):
        return self.submit("/login/", {"email": email, "password": password})
