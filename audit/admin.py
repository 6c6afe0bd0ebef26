from django.contrib import admin

from audit.models import AuthEvent


@admin.register(AuthEvent)
class AuthEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is evidence, so nobody edits or deletes it from the console."""

    list_display = ["created_at", "event", "user", "ip", "short_user_agent"]
    list_filter = ["event"]
    search_fields = ["user__email", "ip", "event"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = [field.name for field in AuthEvent._meta.fields]

    @admin.display(description="user agent")
    def short_user_agent(self, event):
        return event.user_agent[:60]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
