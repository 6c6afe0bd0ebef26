"""Pages for signing in and out and the account. Thin: parse, call a flow, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts.conf import accounts_settings
from accounts.decorators import post_only, public
from accounts.flows.login import authenticate_password, begin_login, sign_out
from accounts.flows.reauth import PASSWORD, reauthenticate
from accounts.forms import LoginForm, ReauthForm
from accounts.redirects import safe_next
from accounts.stepup import stepup_methods
from accounts.throttle import Throttled, refusal_response, refused_form
from authsite.errors import too_many_attempts

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
                return refused_form(request, "accounts/login.html", form, refused.refusal)
            if user is not None:
                stage_url = begin_login(request, user, method="password", remember=data["remember"])
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


WRONG_REAUTH = "That did not match. Try again."
REAUTH_THROTTLED = "Too many wrong codes in a row. Wait a little and try again."


def _reauth_forms(request, data=None):
    """One form per way to confirm: the password, then each method other apps offer this user."""
    options = [(PASSWORD, "Password", "current-password")]
    options += [(m.name, m.label, m.autocomplete) for m in stepup_methods(request.user).values()]
    method = data.get("method") if data is not None else None
    next_url = request.GET.get("next", "")
    return [ReauthForm(data if name == method else None, method=name, label=label, autocomplete=autocomplete,
                       initial={"next": next_url})
            for name, label, autocomplete in options]


@never_cache
def reauth_view(request):
    """Step-up: confirm it is you (password or another offered method), then go back to the page that asked."""
    if request.method != "POST":
        return render(request, "accounts/reauth.html", {"forms": _reauth_forms(request)})
    forms = _reauth_forms(request, data=request.POST)
    form = next((form for form in forms if form.is_bound), None)
    if form is not None and form.is_valid():
        try:
            outcome = reauthenticate(request, form.method, form.cleaned_data["secret"])
        except Throttled as refused:
            return refusal_response(request, refused.refusal)
        if outcome == "ok":
            return redirect(safe_next(form.cleaned_data["next"], default="accounts:account"))
        if outcome == "throttled":  # the authenticator's own back-off (a few seconds after a wrong code)
            return too_many_attempts(request, 30, REAUTH_THROTTLED)
        form.add_error("secret", WRONG_REAUTH)
    return render(request, "accounts/reauth.html", {"forms": forms}, status=400)
