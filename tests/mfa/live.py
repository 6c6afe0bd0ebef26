"""A minimal browser for live_gunicorn tests: keeps its own cookies (the test server speaks plain HTTP while the
settings mark cookies Secure, which requests' cookie jar would then never send back)."""

import re

import requests

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LiveBrowser:
    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.http = requests.Session()

    def request(self, method, path, **kwargs):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.http.request(method, self.base + path, headers={"Cookie": cookie}, allow_redirects=False,
                                     timeout=30, **kwargs)
        for sent in response.cookies:
            self.cookies[sent.name] = sent.value
        self.http.cookies.clear()
        return response

    def form_token(self, path):
        return CSRF_FIELD.search(self.request("GET", path).text).group(1)

    def post_form(self, path, data, token=None):
        return self.request("POST", path, data={**data, "csrfmiddlewaretoken": token or self.form_token(path)})

    def sign_in_with_password(self, email, password):
        return self.post_form("/login/", {"email": email, "password": password})
