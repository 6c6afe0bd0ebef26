"""The user admin's plug-in point: settings.AUTHSITE_USER_ADMIN_PARTS lists dotted paths to "parts".

A part is any object with some of:
- annotate(queryset) -> queryset      e.g. a has_two_factor flag, computed in the list's one query
- columns                             list_display callables taking the user (with short_description)
- list_filter                         SimpleListFilter classes (they may filter on the part's annotation)
- actions                             admin actions (modeladmin, request, queryset); accounts.admin.confirm helps
                                      them ask first and respect the operator rules
- page_sections(request, user)        [(title, html)] shown on the user's admin page; never a secret

accounts composes them in accounts/admin/users.py, so an app (mfa, social, api, passkeys) adds a part in its own
<app>/admin_parts.py and never imports or re-registers the user admin.
"""

from django.utils.module_loading import import_string

from accounts.conf import accounts_settings


def parts():
    return [import_string(path) for path in accounts_settings.USER_ADMIN_PARTS]


def annotate(queryset):
    for part in parts():
        if hasattr(part, "annotate"):
            queryset = part.annotate(queryset)
    return queryset


def columns():
    return [column for part in parts() for column in getattr(part, "columns", ())]


def list_filters():
    return [list_filter for part in parts() for list_filter in getattr(part, "list_filter", ())]


def actions():
    return [action for part in parts() for action in getattr(part, "actions", ())]


def page_sections(request, user):
    return [section for part in parts() if hasattr(part, "page_sections")
            for section in part.page_sections(request, user)]
