"""A real OpenID Connect provider on loopback (oidc-provider-mock, in-process, 127.0.0.1:0) behind a recording wrapper.

The mock does not check PKCE itself, so the wrapper records every request (the authorization request's parameters,
the token request's code_verifier) and every token response, and can misbehave on purpose: re-address the tokens to
another client id, swap the nonce, or accept connections and never answer.
"""

import base64
import hashlib
import io
import json
import threading
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests
import werkzeug.serving
from oidc_provider_mock import User
from oidc_provider_mock import app as provider_app


def verified_user(sub, email, name=""):
    return User(sub=sub, claims={"email": email, "email_verified": True, "name": name or email.split("@")[0]})


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    form: dict
    headers: dict
    response: bytes = b""


@dataclass
class Recorder:
    """WSGI middleware around the provider."""

    app: object
    seen: list = field(default_factory=list)
    client_id_override: str = ""  # the code and tokens are issued to this client id instead of ours
    nonce_override: str = ""  # the ID token carries this nonce instead of the one we sent
    hang: bool = False  # accept the connection, never answer (until released)
    token_issuer_host: str = ""  # sign ID tokens as https://<this host> (the mock's issuer follows X-Forwarded-*)
    released: threading.Event = field(default_factory=threading.Event)

    def __call__(self, environ, start_response):
        if self.hang:
            self.released.wait(30)
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"released"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        form = urllib.parse.parse_qs(body.decode("latin-1")) if body else {}
        headers = {key[5:].lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
        seen = Seen(environ["REQUEST_METHOD"], environ["PATH_INFO"], query, form, headers)
        self.seen.append(seen)
        path = environ["PATH_INFO"]
        if path == "/oauth2/authorize" and (self.client_id_override or self.nonce_override):
            if self.client_id_override:
                query["client_id"] = [self.client_id_override]
            if self.nonce_override:
                query["nonce"] = [self.nonce_override]
            environ["QUERY_STRING"] = urllib.parse.urlencode(query, doseq=True)
        if path == "/oauth2/token" and self.token_issuer_host:
            environ["HTTP_X_FORWARDED_HOST"] = self.token_issuer_host
            environ["HTTP_X_FORWARDED_PROTO"] = "https"
        if path == "/oauth2/token" and self.client_id_override:
            credentials = base64.b64encode(f"{self.client_id_override}:secret".encode()).decode()
            environ["HTTP_AUTHORIZATION"] = f"Basic {credentials}"
        chunks = self.app(environ, start_response)
        if path != "/oauth2/token":
            return chunks
        seen.response = b"".join(chunks)
        return [seen.response]

    # --- what the tests read --------------------------------------------------------------------------------------
    def requests_to(self, path):
        return [seen for seen in self.seen if seen.path == path]

    def authorization_request(self):
        return self.requests_to("/oauth2/authorize")[-1].query

    def token_request(self):
        return self.requests_to("/oauth2/token")[-1].form

    def token_responses(self):
        return [json.loads(seen.response) for seen in self.requests_to("/oauth2/token") if seen.response]


def s256(verifier):
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


class Provider:
    def __init__(self, users, **options):
        self.recorder = Recorder(provider_app(user_claims=users, require_nonce=True, **options))
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.recorder, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        self.running = True

    def stop(self):
        """Stop listening: connections are refused from now on."""
        if self.running:
            self.recorder.released.set()
            self.server.shutdown()
            self.server.server_close()
            self._thread.join(5)
            self.running = False

    def approve(self, authorize_url, sub):
        """What a person does on the provider's page: pick an identity. Returns the callback URL it redirects to."""
        reply = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert reply.status_code == 302, reply.text[:500]
        return reply.headers["Location"]

    def deny(self, authorize_url):
        reply = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
        assert reply.status_code == 302, reply.text[:500]
        return reply.headers["Location"]


@contextmanager
def running_provider(users, **options):
    provider = Provider(users, **options)
    try:
        yield provider
    finally:
        provider.stop()
