from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("api/auth/token", views.token, name="token"),
    path("api/auth/refresh", views.refresh, name="refresh"),
    path("api/auth/logout", views.logout, name="logout"),
    path("api/auth/logout-all", views.logout_all, name="logout_all"),
    path("api/me", views.me, name="me"),
    path("api/schema", views.openapi, name="schema"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]
