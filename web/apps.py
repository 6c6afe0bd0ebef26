from django.apps import AppConfig


class WebConfig(AppConfig):
    """The ground floor every app shares: errors, decorators, redirects, the policy-knob base. No models."""

    name = "web"

    def ready(self):
        from web import checks  # noqa: F401  (registers the start-up checks)
