from django.urls import path

from mfa import passkey_views, views

app_name = "mfa"

urlpatterns = [
    path("account/two-factor/", views.manage_view, name="manage"),
    path("account/two-factor/setup/", views.setup_view, name="setup"),
    path("account/two-factor/recovery-codes/", views.regenerate_view, name="regenerate"),
    path("account/two-factor/disable/", views.disable_view, name="disable"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("account/passkeys/", passkey_views.passkeys_view, name="passkeys"),
    path("account/passkeys/options/", passkey_views.register_options_view, name="passkey_register_options"),
    path("account/passkeys/add/", passkey_views.register_view, name="passkey_register"),
    path("account/passkeys/<int:passkey_id>/rename/", passkey_views.rename_view, name="passkey_rename"),
    path("account/passkeys/<int:passkey_id>/remove/", passkey_views.remove_view, name="passkey_remove"),
    path("login/code/passkey/options/", passkey_views.second_factor_options_view, name="login_passkey_options"),
    path("login/code/passkey/", passkey_views.second_factor_view, name="login_passkey"),
    path("login/passkey/options/", passkey_views.passwordless_options_view, name="passwordless_options"),
    path("login/passkey/", passkey_views.passwordless_view, name="passwordless"),
]
