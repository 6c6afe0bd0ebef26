from django.urls import path

from accounts import session_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account_view, name="account"),
    path("account/sessions/", session_views.sessions_view, name="sessions"),
    path("account/sessions/end/", session_views.end_session_view, name="end_session"),
    path("account/sessions/end-others/", session_views.end_other_sessions_view, name="end_other_sessions"),
]
