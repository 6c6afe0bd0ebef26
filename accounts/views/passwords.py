"""Password change and reset pages. Thin: parse, call a flow, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts.flows.outcome import Outcome
from accounts.flows.passwords import change_own_password
from accounts.flows.reset import complete_password_reset, open_reset_link, reset_link_user, start_password_reset
from accounts.forms import NewPasswordForm, PasswordChangeForm, PasswordResetRequestForm
from accounts.throttle import Throttled
from web.decorators import methods, public
from web.errors import refused_form

PASSWORD_FIELDS = ("current_password", "new_password1", "new_password2")
WRONG_CURRENT = "Your current password is not correct."

RESET_SENT = {
    "title": "Check your email",
    "message": "If an account uses that address, we have sent it a link to choose a new password. The link works "
    "for one hour. It may take a few minutes to arrive; look in your spam folder too.",
}


@methods("GET", "POST")
@sensitive_post_parameters(*PASSWORD_FIELDS)
@never_cache
@csrf_protect
def password_change_view(request):
    # No separate step-up: the current password typed here is the re-authentication (change_own_password).
    form = PasswordChangeForm(_posted(request), user=request.user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = change_own_password(request, data["current_password"], data["new_password1"])
            except Throttled as refused:
                return refused_form(request, "accounts/password_change.html", form, refused.refusal)
            if outcome == Outcome.ACCEPTED:
                messages.success(request, "Your password was changed. Every other session was signed out.")
                return redirect("accounts:account")
            form.add_error("current_password", WRONG_CURRENT)
        return render(request, "accounts/password_change.html", {"form": form}, status=400)
    return render(request, "accounts/password_change.html", {"form": form})


@public
@methods("GET", "POST")
@never_cache
@csrf_protect
def password_reset_view(request):
    if request.method == "POST":
        form = PasswordResetRequestForm(request.POST)
        if form.is_valid():
            try:
                start_password_reset(request, form.cleaned_data["email"])
            except Throttled as refused:
                return refused_form(request, "accounts/password_reset.html", form, refused.refusal)
            return redirect("accounts:password_reset_sent")
        return render(request, "accounts/password_reset.html", {"form": form}, status=400)
    return render(request, "accounts/password_reset.html", {"form": PasswordResetRequestForm()})


@public
def password_reset_sent_view(request):
    return render(request, "accounts/check_email.html", RESET_SENT)


@public
@never_cache
def password_reset_link_view(request, uidb64, secret):
    # The secret leaves the URL before any page renders: the next page's Referer and history hold no token.
    if not open_reset_link(request, uidb64, secret):
        return _link_invalid(request)
    return redirect("accounts:password_reset_set")


@public
@methods("GET", "POST")
@sensitive_post_parameters(*PASSWORD_FIELDS)
@never_cache
@csrf_protect
def password_reset_set_view(request):
    user = reset_link_user(request)
    if user is None:
        return _link_invalid(request)
    form = NewPasswordForm(_posted(request), user=user)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/password_reset_set.html", {"form": form}, status=400)
        if complete_password_reset(request, form.cleaned_data["new_password1"]) is None:
            return _link_invalid(request)
        messages.success(request, "Your password was reset and every session was signed out. "
                                  "Sign in with your new password.")
        return redirect("accounts:login")
    return render(request, "accounts/password_reset_set.html", {"form": form})


def _posted(request):
    # Bound on every POST, even an empty one, so a blank submission shows "This field is required."
    return request.POST if request.method == "POST" else None


def _link_invalid(request):
    return render(request, "accounts/link_invalid.html", {"retry_url_name": "accounts:password_reset"}, status=400)
