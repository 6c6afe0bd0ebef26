"""The mail queue in the admin: what is waiting, retrying, running or failed. Read-only, and never a task's arguments.

A task row's arguments hold addresses and request facts (never a link or a secret: the tasks issue links themselves),
but the console has no reason to show them; an operator needs when, which kind, how many attempts and the last error.
Sent tasks are not listed (they are pruned after AUTHSITE_TASK_RETENTION_DAYS).
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone

# django-tasks-db registers a full admin of the same model, arguments and tracebacks included: replace it.
from django_tasks_db import admin as package_admin  # noqa: F401  (imported first, so its registration can be undone)
from django_tasks_db.models import DBTaskResult, get_date_max

from taskqueue.conf import taskqueue_settings
from taskqueue.models import MailTask, WorkerHeartbeat
from web.admin import ReadOnlyAdminMixin

admin.site.unregister(DBTaskResult)


def task_kind(row):
    """What the task sends: the mail template for a notification, else the task's own name."""
    kwargs = row.args_kwargs.get("kwargs", {}) if isinstance(row.args_kwargs, dict) else {}
    template = kwargs.get("template")
    return template if isinstance(template, str) else row.task_path.rsplit(".", 1)[-1]


def last_error(row):
    """The last line of the last failure ("ConnectionRefusedError: [Errno 111] Connection refused"), short."""
    lines = [line for line in (row.traceback or "").splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("queued", "Queued"), ("retrying", "Retrying"), ("running", "Sending now"), ("failed", "Failed")]

    def queryset(self, request, queryset):
        retrying = Q(status=TaskResultStatus.READY) & ~Q(traceback="")
        match self.value():
            case "queued":
                return queryset.filter(status=TaskResultStatus.READY, traceback="")
            case "retrying":
                return queryset.filter(retrying)
            case "running":
                return queryset.filter(status=TaskResultStatus.RUNNING)
            case "failed":
                return queryset.filter(status=TaskResultStatus.FAILED)
        return queryset


@admin.register(MailTask)
class MailTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enqueued_at", "kind", "state", "attempts", "next_attempt", "error"]
    list_filter = [StateFilter]
    ordering = ["-enqueued_at"]
    fields = readonly_fields = ["enqueued_at", "kind", "state", "attempts", "started_at", "next_attempt",
                                "finished_at", "error"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=TaskResultStatus.SUCCESSFUL)

    @admin.display(description="kind")
    def kind(self, row):
        return task_kind(row)

    @admin.display(description="state")
    def state(self, row):
        if row.status == TaskResultStatus.READY:
            return "retrying" if row.traceback else "queued"
        return {TaskResultStatus.RUNNING: "sending now", TaskResultStatus.FAILED: "failed"}.get(row.status, row.status)

    @admin.display(description="attempts")
    def attempts(self, row):
        return len(row.worker_ids)

    @admin.display(description="next attempt")
    def next_attempt(self, row):
        if row.status != TaskResultStatus.READY:
            return "-"
        return "as soon as a worker is free" if row.run_after == get_date_max() else row.run_after

    @admin.display(description="last error")
    def error(self, row):
        return last_error(row) or "-"


@admin.register(WorkerHeartbeat)
class WorkerAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which workers are running: with none alive, mail waits in the queue (nothing is lost; it goes when one starts)."""

    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at", "alive"]
    fields = readonly_fields = list_display

    @admin.display(description="alive", boolean=True)
    def alive(self, worker):
        return worker.seen_at >= timezone.now() - timedelta(seconds=taskqueue_settings.TASK_WORKER_LOST_SECONDS)
