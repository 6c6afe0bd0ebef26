"""The API's part of the user admin (AUTHSITE_USER_ADMIN_PARTS): live refresh-token families per user.

A family is one app or browser signed in through the API; it is live while not revoked, not past its absolute end
and started after the user's last revocation (logout-all, password change, ...).
"""

from django.contrib import admin
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from api.models import active_families

ANNOTATION = "api_live_refresh_families"


def _live(prefix, now):
    return (Q(**{f"{prefix}revoked_at__isnull": True, f"{prefix}expires_at__gt": now})
            & (Q(credentials_revoked_at__isnull=True) | Q(**{f"{prefix}created_at__gt": F("credentials_revoked_at")})))


class ApiTokensPart:
    def annotate(self, queryset):
        """One COUNT per page of users, not one query per row."""
        return queryset.annotate(**{ANNOTATION: Count("refresh_families",
                                                      filter=_live("refresh_families__", timezone.now()))})

    @property
    def columns(self):
        return [api_sign_ins]

    def page_sections(self, request, user):
        families = active_families(timezone.now()).filter(user=user).order_by("-created_at")
        if not families:
            return [("API sign-ins", format_html("<p>{}</p>", "No app is signed in through the API."))]
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((f"{family.created_at:%Y-%m-%d %H:%M}", f"{family.expires_at:%Y-%m-%d %H:%M}", family.ip or "unknown",
              family.user_agent or "unknown") for family in families))
        table = format_html("<table><thead><tr><th>Signed in (UTC)</th><th>Ends (UTC)</th><th>IP</th>"
                            "<th>Client</th></tr></thead><tbody>{}</tbody></table>", rows)
        return [("API sign-ins", table)]


@admin.display(description="API sign-ins", ordering=ANNOTATION)
def api_sign_ins(user):
    counted = getattr(user, ANNOTATION, None)
    if counted is None:  # a queryset the part did not annotate
        counted = active_families(timezone.now()).filter(user=user).count()
    return counted


api_tokens = ApiTokensPart()
