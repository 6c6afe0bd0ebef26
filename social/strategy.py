"""social-auth's Django strategy with two things pinned: the pipeline is ours, and the backend runs directly.

The stock strategy authenticates through django.contrib.auth.authenticate(), which would need the Google backend in
AUTHENTICATION_BACKENDS (and then Django's login machinery would know it). Here the backend's pipeline runs
directly and its last step hands over to the login pipeline of accounts (social.pipeline.hand_over); only
accounts.flows.login.finish_login() ever signs anyone in.
"""

from social_django.models import DjangoStorage
from social_django.strategy import DjangoStrategy

from social.backends import GoogleOpenIdConnect, callback_url

#: The steps of a Google sign-in, in order (social/pipeline.py). Not a setting: the rules must not be reordered.
PIPELINE = [
    "social.pipeline.google_details",
    "social.pipeline.google_uid",
    "social.pipeline.google_allowed",
    "social.pipeline.existing_association",
    "social.pipeline.resolve_account",
    "social.pipeline.hand_over",
]


class GoogleStrategy(DjangoStrategy):
    def get_pipeline(self, backend=None):
        return PIPELINE

    def authenticate(self, backend, **kwargs):
        kwargs.pop("request", None)
        return backend.authenticate(strategy=self, storage=self.storage, backend=backend, **kwargs)

    def clean_authenticate_args(self, *args, **kwargs):
        kwargs.pop("request", None)
        return args, kwargs


def load_google(request):
    """The Google backend bound to this request's session, its redirect URI taken from SITE_URL."""
    strategy = GoogleStrategy(DjangoStorage, request)
    return GoogleOpenIdConnect(strategy, redirect_uri=callback_url())
