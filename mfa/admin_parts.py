"""mfa's part of the user admin (settings.AUTHSITE_USER_ADMIN_PARTS, see accounts/admin/parts.py): a two-factor
column and filter (an app or a passkey), the superuser's reset action, and the user page's devices and recovery codes left.

Never a secret: the page names devices and counts codes; the devices' keys and the codes' digests stay in the
database. The column is an annotation, so the users list costs no query per row.
"""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin.confirm import confirmed_action
from mfa.flows.disable import reset_two_factor
from mfa.flows.recovery import recovery_codes_left
from mfa.models import Passkey


class TwoFactorFilter(admin.SimpleListFilter):
    title = "two-factor"
    parameter_name = "two_factor"

    def lookups(self, request, model_admin):
        return [("yes", "On"), ("no", "Off")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_two_factor=self.value() == "yes")
        return queryset


@admin.display(boolean=True, description="two-factor", ordering="has_two_factor")
def two_factor(user):
    return user.has_two_factor


@confirmed_action(description="Reset two-factor authentication (superusers)", permissions=["superuser"],
                  warning="Their authenticator and recovery codes stop working, every session of theirs ends, and "
                          "they set two-factor up again at their next sign-in.",
                  done="Two-factor authentication reset for {count} of {total} selected user(s).")
def reset_two_factor_action(request, user):
    return reset_two_factor(user, actor=request.user, request=request)


class TwoFactorPart:
    columns = [two_factor]
    list_filter = [TwoFactorFilter]
    actions = [reset_two_factor_action]

    def annotate(self, queryset):
        # The admin's view of mfa.factors.has_second_factor, as one annotation: an app or a passkey.
        return queryset.annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            | Exists(Passkey.objects.filter(user=OuterRef("pk")))
        )

    def page_sections(self, request, user):
        devices = TOTPDevice.objects.filter(user=user).order_by("pk")
        html = render_to_string("mfa/admin_section.html", {
            "devices": [{"name": device.name, "confirmed": device.confirmed, "created_at": device.created_at,
                         "last_used_at": device.last_used_at} for device in devices],
            "codes_left": recovery_codes_left(user),
        }, request=request)
        return [("Two-factor authentication", html)]


two_factor_part = TwoFactorPart()


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
