"""A minimal browser over plain HTTP for tests against live_gunicorn: keeps cookies and fills in CSRF tokens.

The test servers run with production cookie settings (Secure, __Host- names) on http://127.0.0.1, where `requests`
would refuse to send Secure cookies back; this client keeps them itself.
"""

import re

import requests

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PlainHttpBrowser:
    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def _keep(self, response):
        # Enough for these tests: cookies are set and replaced, never deleted (no logout through this client).
        self.cookies.update({cookie.name: cookie.value for cookie in response.cookies})
        return response

    def get(self, path, **kwargs):
        return self._keep(requests.get(self.base + path, cookies=self.cookies, allow_redirects=False, timeout=30,
                                       **kwargs))

    def post(self, path, data, **kwargs):
        return self._keep(requests.post(self.base + path, data=data, cookies=self.cookies, allow_redirects=False,
                                        timeout=30, **kwargs))

    def csrf_token(self, path):
        """GET the form page and return its CSRF token (the cookie comes with it)."""
        return CSRF_VALUE.search(self.get(path).text).group(1)

    def submit(self, path, data, **kwargs):
        """POST a form the way a browser would: its page first, then the data with the page's CSRF token."""
        return self.post(path, {**data, "csrfmiddlewaretoken": self.csrf_token(path)}, **kwargs)
