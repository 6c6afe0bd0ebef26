"""Pages for signing in and out and the account. Thin: parse, call a flow, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts.decorators import post_only, public
from accounts.flows.login import authenticate_password, begin_login, sign_out
from accounts.forms import LoginForm
from accounts.redirects import safe_next
from accounts.throttle import Throttled

INVALID_LOGIN = "Invalid email or password."
LOGOUT_REASONS = {
    "idle": "You were signed out after a period of inactivity. Please sign in again.",
    "absolute": "Your session reached its maximum length. Please sign in again.",
}


@public
@never_cache
@csrf_protect
def login_view(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request.GET.get("next")))
    reason = request.session.pop("_authsite_logout_reason", None)
    if reason in LOGOUT_REASONS:
        messages.info(request, LOGOUT_REASONS[reason])
    if request.method == "POST":
        form = LoginForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = authenticate_password(request, data["email"], data["password"])
            except Throttled as refused:
                return _login_refused(request, form, refused.refusal)
            if user is not None:
                stage_url = begin_login(request, user, method="password", remember=data["remember"])
                return redirect(stage_url or safe_next(data["next"]))
            form.add_error(None, INVALID_LOGIN)
        # The form comes back with what was typed; PasswordInput never renders the password back.
        return render(request, "accounts/login.html", {"form": form}, status=400)
    form = LoginForm(initial={"next": request.GET.get("next", "")})
    return render(request, "accounts/login.html", {"form": form})


def _login_refused(request, form, refusal):
    """429 with the form filled in again (never the password), the same for every email, known or not."""
    form.add_error(None, refusal.message)
    response = render(request, "accounts/login.html", {"form": form}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


@post_only
def logout_view(request):
    sign_out(request)
    messages.info(request, "You have been signed out.")
    return redirect("accounts:login")


# Logout must reach anonymous users too (an expired session submitting the form); it is harmless for them.
logout_view = public(csrf_protect(logout_view))


def account_view(request):
    return render(request, "accounts/account.html")
