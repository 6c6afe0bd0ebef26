from django.urls import path

from mfa import views

app_name = "mfa"

urlpatterns = [
    path("account/two-factor/", views.manage_view, name="manage"),
    path("account/two-factor/setup/", views.setup_view, name="setup"),
    path("account/two-factor/recovery-codes/", views.regenerate_view, name="regenerate"),
    path("account/two-factor/disable/", views.disable_view, name="disable"),
    path("login/code/", views.login_code_view, name="login_code"),
]
