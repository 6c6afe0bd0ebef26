"""What the user admin shows about Google (settings AUTHSITE_USER_ADMIN_PARTS): linked or not, and since when.

Never a token: none is stored. social-auth's own admin pages are not registered (social_django's admin module is
not imported by authsite's admin site).
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from social_django.models import UserSocialAuth

from social.backends import BACKEND_NAME


def _google_links():
    return UserSocialAuth.objects.filter(provider=BACKEND_NAME)


class GoogleLinkedFilter(admin.SimpleListFilter):
    title = "Google sign-in"
    parameter_name = "google"

    def lookups(self, request, model_admin):
        return [("yes", "Connected"), ("no", "Not connected")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(google_linked=True)
        if self.value() == "no":
            return queryset.filter(google_linked=False)
        return queryset


class GoogleAdminPart:
    def annotate(self, queryset):
        return queryset.annotate(google_linked=Exists(_google_links().filter(user=OuterRef("pk"))))

    def google_column(self, user):
        linked = getattr(user, "google_linked", None)
        if linked is None:
            linked = _google_links().filter(user=user).exists()
        return linked

    google_column.short_description = "Google"
    google_column.boolean = True

    @property
    def columns(self):
        return [self.google_column]

    list_filter = [GoogleLinkedFilter]

    def page_sections(self, request, user):
        link = _google_links().filter(user=user).first()
        if link is None:
            return [("Google sign-in", mark_safe("<p>Not connected.</p>"))]
        return [("Google sign-in", format_html("<p>Connected since {} (Google subject {}).</p>",
                                               link.created.strftime("%Y-%m-%d %H:%M UTC"), link.uid))]


google = GoogleAdminPart()
