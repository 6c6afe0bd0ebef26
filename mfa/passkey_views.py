"""Passkey pages and the two small JSON doors that hand out ceremony options. Thin: parse, call a flow, answer.

Every ceremony is a plain form POST: static/passkeys.js fetches the options (a POST carrying the page's CSRF token),
asks the browser for a credential, puts the result in the form's hidden `credential` field and submits the form.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.decorators import recent_auth_required
from accounts.flows.login import pending_user
from accounts.forms import LoginForm
from accounts.throttle import Throttled
from mfa.factors import second_factors
from mfa.flows import manage_passkeys, passkey_login
from mfa.forms import LoginCodeForm, PasskeyAssertionForm, PasskeyNameForm, PasskeyRegisterForm
from web.decorators import methods, public
from web.errors import error_response, refusal_response
from web.redirects import safe_next

REGISTER_REFUSED = {
    manage_passkeys.EXPIRED: "That took too long, or the page was used twice. Please try again.",
    manage_passkeys.INVALID: "Your browser's answer could not be checked. Please try again.",
    manage_passkeys.DUPLICATE: "This passkey is already registered. Each authenticator can be added once.",
    manage_passkeys.TOO_MANY: "You have as many passkeys as an account may hold. Remove one first.",
}
SIGN_IN_REFUSED = "That passkey could not be used to sign in. Try again, or use another way."
STALE = "That took too long, or the page was used twice. Please try again."
LOGIN_EXPIRED = "Your sign-in took too long. Please sign in again."
LOGIN_ENDED = "Too many failed attempts. Please sign in again."


def _json(options):
    return HttpResponse(options, content_type="application/json")


def _passkeys_page(request, register_form=None, status=200):
    context = {"passkeys": manage_passkeys.list_passkeys(request.user),
               "can_add": manage_passkeys.can_add_passkey(request.user),
               "register_form": register_form or PasskeyRegisterForm()}
    return render(request, "mfa/passkeys.html", context, status=status)


@methods("GET")
@recent_auth_required
@never_cache
def passkeys_view(request):
    return _passkeys_page(request)


@methods("POST")
@recent_auth_required(return_to="mfa:passkeys")
@never_cache
def register_options_view(request):
    options = manage_passkeys.registration_options(request, request.user)
    if options is None:
        return error_response(request, 400, REGISTER_REFUSED[manage_passkeys.TOO_MANY])
    return _json(options)


@methods("POST")
@recent_auth_required(return_to="mfa:passkeys")
@never_cache
def register_view(request):
    form = PasskeyRegisterForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["name"]
        outcome, codes = manage_passkeys.register_passkey(request, request.user, form.cleaned_data["credential"], name)
        if outcome == manage_passkeys.ADDED:
            if codes:  # the first second factor: two-factor is on, and these are its recovery codes
                return render(request, "mfa/recovery_codes.html", {"codes": codes, "just_enabled": True})
            messages.success(request, f"Passkey “{name}” added.")
            return redirect("mfa:passkeys")
        form.add_error(None, REGISTER_REFUSED[outcome])
    return _passkeys_page(request, register_form=form, status=400)


@methods("POST")
@recent_auth_required(return_to="mfa:passkeys")
def rename_view(request, passkey_id):
    form = PasskeyNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A passkey's name must be 1 to 64 characters.")
        return _passkeys_page(request, status=400)
    if not manage_passkeys.rename_passkey(request, request.user, passkey_id, form.cleaned_data["name"]):
        raise Http404
    messages.success(request, "Passkey renamed.")
    return redirect("mfa:passkeys")


@methods("POST")
@recent_auth_required(return_to="mfa:passkeys")
def remove_view(request, passkey_id):
    if not manage_passkeys.remove_passkey(request, request.user, passkey_id):
        raise Http404
    messages.success(request, "Passkey removed.")
    return redirect("mfa:passkeys")


# --- Signing in ----------------------------------------------------------------------------------------------------

@public
@methods("POST")
@never_cache
def second_factor_options_view(request):
    options = passkey_login.second_factor_options(request)
    if options is None:
        return error_response(request, 400, LOGIN_EXPIRED)
    return _json(options)


@public
@methods("POST")
@never_cache
def second_factor_view(request):
    """The code page's "Use a passkey": finishes a login waiting for its second factor."""
    if request.user.is_authenticated:
        return redirect("home")
    form = PasskeyAssertionForm(request.POST)
    if not form.is_valid():
        return error_response(request, 400, SIGN_IN_REFUSED)
    outcome, next_url = passkey_login.submit_second_factor(request, form.cleaned_data["credential"])
    if outcome == passkey_login.ACCEPTED:
        return redirect(next_url or safe_next(form.cleaned_data["next"]))
    if outcome in (passkey_login.EXPIRED, passkey_login.ENDED):
        messages.error(request, LOGIN_ENDED if outcome == passkey_login.ENDED else LOGIN_EXPIRED)
        return redirect("accounts:login")
    messages.error(request, STALE if outcome == passkey_login.STALE else SIGN_IN_REFUSED)
    context = {"form": LoginCodeForm(initial={"next": form.cleaned_data["next"]}),
               "factors": second_factors(pending_user(request))}
    return render(request, "mfa/login_code.html", context, status=400)


@public
@methods("POST")
@never_cache
def passwordless_options_view(request):
    try:
        return _json(passkey_login.passwordless_options(request))
    except Throttled as refused:
        return refusal_response(request, refused.refusal)


@public
@methods("POST")
@never_cache
def passwordless_view(request):
    """The login page's "Sign in with a passkey": no email typed; the passkey says whose account it is."""
    if request.user.is_authenticated:
        return redirect(safe_next(request.POST.get("next")))
    form = PasskeyAssertionForm(request.POST)
    next_url = form.data.get("next", "")
    if form.is_valid():
        outcome, stage_url = passkey_login.sign_in_passwordless(request, form.cleaned_data["credential"])
        if outcome == passkey_login.ACCEPTED:
            if stage_url:
                return redirect(f"{stage_url}?{urlencode({'next': safe_next(next_url)})}")
            return redirect(safe_next(next_url))
        messages.error(request, STALE if outcome == passkey_login.STALE else SIGN_IN_REFUSED)
    else:
        messages.error(request, SIGN_IN_REFUSED)
    return render(request, "accounts/login.html", {"form": LoginForm(initial={"next": next_url})}, status=400)
