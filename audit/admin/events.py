"""The audit trail in the admin: read-only (it is evidence), filtered and searched on indexes, counted without a
full-table COUNT, exported as CSV, and summarised on the security overview page."""

import ipaddress
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from audit import charts, events, overview
from audit.admin.counting import EstimatedCountPaginator
from audit.admin.export import csv_response
from audit.admin.filters import DateRangeFilter, EmailFilter, EventFilter, IpFilter, UserFilter, by_email
from audit.models import AuthEvent
from audit.record import record
from web.admin import ReadOnlyAdminMixin
from web.errors import bad_request
from web.query import has_nul


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "event", "user", "ip", "short_user_agent"]
    list_filter = [EventFilter, DateRangeFilter, UserFilter, IpFilter, EmailFilter]
    search_fields = ["ip"]  # shows the search box; get_search_results decides what a term means
    search_help_text = "An email address or an IP address (exact match)."
    list_select_related = ["user"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # "Show counts" would count every filter choice over the whole table
    paginator = EstimatedCountPaginator
    readonly_fields = [field.name for field in AuthEvent._meta.fields]
    change_list_template = "admin/audit/authevent/change_list.html"

    @admin.display(description="user agent")
    def short_user_agent(self, event):
        return event.user_agent[:60]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        try:
            return queryset.filter(ip=str(ipaddress.ip_address(term))), False
        except ValueError:
            return by_email(queryset, term), False

    def changelist_view(self, request, extra_context=None):
        if has_nul(request.GET):
            return bad_request(request)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export.csv", view(self.export_view), name="audit_authevent_export"),
            path("overview/", view(self.overview_view), name="audit_overview"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The list as filtered and searched on screen (the same query string), as CSV. The export is audited."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if has_nul(request.GET):
            return bad_request(request)
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return bad_request(request)  # the list page answers these by reloading without filters (?e=1)
        record(events.AUDIT_EXPORTED, request=request, user=request.user, actor=request.user,
               filters=request.GET.urlencode())
        return csv_response(queryset)

    def overview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        now = timezone.now()
        since = (now - timedelta(hours=overview.TOP_HOURS)).replace(microsecond=0).isoformat()
        listing = reverse("admin:audit_authevent_changelist")

        def failures_link(**params):
            return f"{listing}?{urlencode({'event': events.LOGIN_FAILED, 'since': since, **params})}"

        charts_ = [
            {"title": series.title, "id": f"chart-{index}", "total": sum(count for _, count in points),
             "svg": charts.bar_chart(points, label=series.title, chart_id=f"chart-{index}"),
             "link": f"{listing}?{urlencode([('event', name) for name in series.event_names][:1])}"}
            for index, (series, points) in enumerate(overview.hourly_counts(now))
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Security overview",
            "opts": self.model._meta,
            "charts": charts_,
            "days": overview.CHART_DAYS,
            "top_hours": overview.TOP_HOURS,
            "top_ips": [(ip, count, failures_link(ip=ip)) for ip, count in overview.top_failing_ips(now)],
            "top_accounts": [(email, count, failures_link(email=email))
                             for email, count in overview.top_failing_accounts(now)],
        }
        return TemplateResponse(request, "admin/audit/overview.html", context)
