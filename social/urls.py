from django.urls import path

from social import views

app_name = "social"

urlpatterns = [
    path("social/google/start/", views.google_start_view, name="google_start"),
    path("social/google/callback/", views.google_callback_view, name="google_callback"),
    path("account/google/connect/", views.google_connect_view, name="google_connect"),
    path("account/google/disconnect/", views.google_disconnect_view, name="google_disconnect"),
]
