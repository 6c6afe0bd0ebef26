"""Helpers for passkey tests: register through the real pages, or store a passkey directly; sign in with one."""

import secrets

from mfa.models import Passkey, WebAuthnUser
from tests.mfa.soft_authenticator import SoftAuthenticator

JSON = {"HTTP_ACCEPT": "application/json"}
PASSKEYS_PAGE = "/account/passkeys/"


def options(client, url):
    response = client.post(url, **JSON)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.content.decode()


def register(client, authenticator, name="Laptop", **tamper):
    """Ask for registration options and answer them (the client must be signed in, with a recent step-up)."""
    credential = authenticator.register(options(client, "/account/passkeys/options/"), **tamper)
    return client.post("/account/passkeys/add/", {"name": name, "credential": credential})


def store_passkey(user, authenticator=None, name="Phone"):
    """A passkey as if the user had registered it: (passkey, authenticator)."""
    authenticator = authenticator or SoftAuthenticator()
    handle, _ = WebAuthnUser.objects.get_or_create(user=user, defaults={"handle": secrets.token_bytes(64)})
    authenticator.user_handle = bytes(handle.handle)
    passkey = Passkey.objects.create(user=user, name=name, credential_id=authenticator.credential_id,
                                     public_key=authenticator._cose_key(), sign_count=authenticator.counter)
    return passkey, authenticator


def sign_in_passwordless(client, authenticator, next_url="", **tamper):
    credential = authenticator.assertion(options(client, "/login/passkey/options/"), **tamper)
    return client.post("/login/passkey/", {"credential": credential, "next": next_url})


def second_factor(client, authenticator, **tamper):
    """On a login waiting for its second factor: answer with the passkey."""
    credential = authenticator.assertion(options(client, "/login/code/passkey/options/"), **tamper)
    return client.post("/login/code/passkey/", {"credential": credential})
