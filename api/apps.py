from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JWT API for mobile and single-page clients: tokens, refresh, logout, JWKS, the bearer middleware."""

    name = "api"
    verbose_name = "JWT API"
