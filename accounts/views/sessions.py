"""'Your sessions': see where you are signed in, end one session, or sign out everywhere else."""

from django.contrib import messages
from django.shortcuts import redirect, render

from accounts.decorators import recent_auth_required
from accounts.flows.sessions import describe_sessions, revoke_session, revoke_sessions
from web.decorators import post_only


def sessions_view(request):
    rows = describe_sessions(request.user, request.session.session_key)
    return render(request, "accounts/sessions.html", {"sessions": rows})


@post_only
@recent_auth_required(return_to="accounts:sessions")
def end_session_view(request):
    if revoke_session(request.user, request.POST.get("session", ""), request=request):
        messages.success(request, "That session has been signed out.")
    else:
        messages.error(request, "That session was not found; it may have ended already.")
    return redirect("accounts:sessions")


@post_only
@recent_auth_required(return_to="accounts:sessions")
def end_other_sessions_view(request):
    count = revoke_sessions(request.user, keep=request.session.session_key, request=request, reason="user_request")
    messages.success(request, f"Signed out {count} other session{'s' if count != 1 else ''}.")
    return redirect("accounts:sessions")
