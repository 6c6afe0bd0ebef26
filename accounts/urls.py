from django.urls import path

from accounts import password_views, session_views, signup_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account_view, name="account"),
    path("account/sessions/", session_views.sessions_view, name="sessions"),
    path("account/sessions/end/", session_views.end_session_view, name="end_session"),
    path("account/sessions/end-others/", session_views.end_other_sessions_view, name="end_other_sessions"),
    # Password lifecycle (issue 3).
    path("signup/", signup_views.signup_view, name="signup"),
    path("signup/sent/", signup_views.signup_sent_view, name="signup_sent"),
    path("signup/verify/<str:uidb64>/<str:secret>/", signup_views.verify_email_view, name="verify_email"),
    path("account/password/", password_views.password_change_view, name="password_change"),
    path("password/reset/", password_views.password_reset_view, name="password_reset"),
    path("password/reset/sent/", password_views.password_reset_sent_view, name="password_reset_sent"),
    path("password/reset/set/", password_views.password_reset_set_view, name="password_reset_set"),
    path("password/reset/<str:uidb64>/<str:secret>/", password_views.password_reset_link_view,
         name="password_reset_link"),
    path("reauth/", views.reauth_view, name="reauth"),
]
