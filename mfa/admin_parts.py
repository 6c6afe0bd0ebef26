"""This app's parts of the admin's user pages (settings AUTHSITE_USER_ADMIN_PARTS, the admin-console registry):
how many passkeys each user holds. Passkeys are never edited in the admin: the reset action removes them with every
other second factor (mfa.flows.disable.reset_two_factor)."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html_join

from mfa.models import Passkey


def _passkey_count_subquery():
    # A correlated subquery rather than a JOIN + GROUP BY: it composes with the other parts' annotations.
    counts = (Passkey.objects.filter(user=OuterRef("pk")).order_by().values("user")
              .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts), 0)


@admin.display(description="passkeys", ordering="passkey_count")
def passkey_count(user):
    return user.passkey_count


class PasskeyPart:
    columns = [passkey_count]

    def annotate(self, queryset):
        return queryset.annotate(passkey_count=_passkey_count_subquery())

    def page_sections(self, request, user):
        rows = Passkey.objects.filter(user=user).values_list("name", "created_at", "last_used_at")
        if not rows:
            return [("Passkeys", "None.")]
        items = format_html_join(
            "", "<li>{} — added {}, last used {}</li>",
            ((name, f"{created:%Y-%m-%d}", f"{used:%Y-%m-%d}" if used else "never") for name, created, used in rows))
        return [("Passkeys", format_html_join("", "<ul>{}</ul>", [(items,)]))]


passkey_part = PasskeyPart()
