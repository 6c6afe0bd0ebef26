"""Pages for signing in and out, and the account page. Thin: parse, call a flow, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts.conf import accounts_settings
from accounts.flows.login import authenticate_password, begin_login, sign_out
from accounts.flows.sessions import pop_logout_reason
from accounts.forms import LoginForm
from accounts.throttle import Throttled
from web.decorators import methods, post_only, public
from web.errors import refused_form
from web.redirects import safe_next

INVALID_LOGIN = "Invalid email or password."
LOGOUT_REASONS = {
    "idle": "You were signed out after a period of inactivity. Please sign in again.",
    "absolute": "Your session reached its maximum length. Please sign in again.",
    "binding": "Your session was ended because it was used from another device or network. Please sign in again.",
    "revoked": "You were signed out because this account's sessions were ended (a password change or "
               "\"sign out everywhere\"). Please sign in again.",
}


@public
@methods("GET", "POST")
@sensitive_post_parameters("password")
@never_cache
@csrf_protect
def login_view(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request.GET.get("next")))
    reason = pop_logout_reason(request)
    if reason in LOGOUT_REASONS:
        messages.info(request, LOGOUT_REASONS[reason])
    if request.method == "POST":
        form = LoginForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = authenticate_password(request, data["email"], data["password"])
            except Throttled as refused:
                return refused_form(request, "accounts/login.html", form, refused.refusal)
            if user is not None:
                stage_url = begin_login(request, user, method="password", remember=data.get("remember", False))
                if stage_url:  # another step (e.g. a second factor) first; it sends the user on afterwards
                    return redirect(f"{stage_url}?{urlencode({'next': safe_next(data['next'])})}")
                return redirect(safe_next(data["next"]))
            form.add_error(None, INVALID_LOGIN)
        # The form comes back with what was typed; PasswordInput never renders the password back.
        return render(request, "accounts/login.html", {"form": form}, status=400)
    form = LoginForm(initial={"next": request.GET.get("next", "")})
    return render(request, "accounts/login.html", {"form": form})


@post_only
def logout_view(request):
    sign_out(request)
    messages.info(request, "You have been signed out.")
    return redirect("accounts:login")


# Logout must reach anonymous users too (an expired session submitting the form); it is harmless for them.
logout_view = public(csrf_protect(logout_view))


def account_view(request):
    # Other apps (two-factor, ...) add their own sections through settings, so accounts never imports them.
    sections = [import_string(path)(request) for path in accounts_settings.ACCOUNT_SECTIONS]
    return render(request, "accounts/account.html", {"account_sections": sections})
