"""What the admin pages of several apps share."""


class ReadOnlyAdminMixin:
    """An admin page that shows and never changes: records (the audit trail, the mail queue, workers) are written by
    the flows that own them, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
