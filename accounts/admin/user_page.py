"""What the user page shows beside the form: live sessions (each with "end") and the latest security events.
Other apps add their sections through parts (e.g. mfa: devices and recovery codes left)."""

from django.template.loader import render_to_string
from django.urls import reverse

from accounts.conf import accounts_settings
from accounts.flows.sessions import describe_sessions, revoke_session
from audit.models import AuthEvent


def user_page_sections(modeladmin, request, user):
    sessions = render_to_string("admin/accounts/user/sessions_section.html", {
        "sessions": describe_sessions(user, current_key=request.session.session_key),
        "may_end": modeladmin.has_end_sessions_permission(request),
        "end_url": reverse("admin:accounts_user_end_session", args=[user.pk]),
    }, request=request)
    latest = AuthEvent.objects.filter(user=user).order_by("-created_at", "-id")[:accounts_settings.ADMIN_USER_PAGE_EVENTS]
    events = render_to_string("admin/accounts/user/events_section.html", {
        "events": latest,
        "all_url": f"{reverse('admin:audit_authevent_changelist')}?user={user.pk}",
    }, request=request)
    return [("Active sessions", sessions), ("Latest security events", events)]


def end_one_session(request, user, public_id):
    return revoke_session(user, public_id, request=request, actor=request.user)
