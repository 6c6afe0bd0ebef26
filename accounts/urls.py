from django.urls import path

from accounts.views import email_change, login, passwords, reauth, sessions, signup

app_name = "accounts"

urlpatterns = [
    path("login/", login.login_view, name="login"),
    path("logout/", login.logout_view, name="logout"),
    path("account/", login.account_view, name="account"),
    path("account/sessions/", sessions.sessions_view, name="sessions"),
    path("account/sessions/end/", sessions.end_session_view, name="end_session"),
    path("account/sessions/end-others/", sessions.end_other_sessions_view, name="end_other_sessions"),
    path("signup/", signup.signup_view, name="signup"),
    path("signup/sent/", signup.signup_sent_view, name="signup_sent"),
    path("signup/verify/<str:uidb64>/<str:secret>/", signup.verify_email_view, name="verify_email"),
    path("account/password/", passwords.password_change_view, name="password_change"),
    path("password/reset/", passwords.password_reset_view, name="password_reset"),
    path("password/reset/sent/", passwords.password_reset_sent_view, name="password_reset_sent"),
    path("password/reset/set/", passwords.password_reset_set_view, name="password_reset_set"),
    path("password/reset/<str:uidb64>/<str:secret>/", passwords.password_reset_link_view,
         name="password_reset_link"),
    path("reauth/", reauth.reauth_view, name="reauth"),
    path("account/email/", email_change.email_change_view, name="email_change"),
    path("account/email/sent/", email_change.email_change_sent_view, name="email_change_sent"),
    path("account/email/confirm/<str:uidb64>/<str:secret>/", email_change.email_change_confirm_view,
         name="email_change_confirm"),
]
