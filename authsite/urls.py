from django.contrib import admin
from django.urls import include, path

from authsite import views
from web import errors

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.health, name="health"),
    path("", include("accounts.urls")),
    path("", include("mfa.urls")),
    path("", include("api.urls")),
    path("", include("social.urls")),
    path("admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
