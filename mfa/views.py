"""Two-factor pages. Thin: parse, call a flow, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts.decorators import recent_auth_required
from accounts.flows.login import pending_user
from accounts.flows.outcome import Outcome
from accounts.throttle import Throttled
from mfa import totp
from mfa.factors import has_second_factor, second_factors
from mfa.flows import challenge
from mfa.flows.disable import disable_two_factor
from mfa.flows.recovery import regenerate_recovery_codes
from mfa.flows.setup import confirm_device, pending_device
from mfa.forms import CodeForm, LoginCodeForm
from mfa.sections import two_factor_status
from web.decorators import methods, public
from web.errors import refused_form
from web.redirects import safe_next

WRONG_CODE = "That code is not valid. Check your app's clock and try the current code."
LOGIN_EXPIRED = "Your sign-in took too long. Please sign in again."
LOGIN_ENDED = "Too many wrong codes. Please sign in again."


def manage_view(request):
    return render(request, "mfa/manage.html", two_factor_status(request.user))


@methods("GET", "POST")
@sensitive_post_parameters("code")
@never_cache
# Whoever enrols holds the account from then on (the owner is locked out until an operator resets it, and a password
# reset does not help): a session past its step-up window, or a stolen one, must prove it knows the password first.
# Staff sent here right after signing in are within the window and are not asked twice.
@recent_auth_required
def setup_view(request):
    device = pending_device(request.user)
    if device is None:
        messages.info(request, "Two-factor authentication is already on.")
        return redirect("mfa:manage")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                outcome, codes = confirm_device(request, request.user, device, form.cleaned_data["code"])
            except Throttled as refused:
                return _setup_page(request, device, form, status=429, refusal=refused.refusal)
            if outcome == Outcome.ACCEPTED:
                return render(request, "mfa/recovery_codes.html", {"codes": codes, "just_enabled": True})
            form.add_error("code", WRONG_CODE)
        status = 400
    return _setup_page(request, device, form, status=status)


def _setup_page(request, device, form, *, status, refusal=None):
    if refusal is not None:
        form.add_error(None, refusal.message)
    uri = totp.provisioning_uri(device)
    secret = totp.secret_base32(device)
    # Groups of four are easier to type and check by eye; authenticator apps ignore the spaces.
    secret_groups = " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))
    context = {"form": form, "qr_svg": totp.qr_svg(uri), "secret_groups": secret_groups, "uri": uri}
    response = render(request, "mfa/setup.html", context, status=status)
    if refusal is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@methods("GET", "POST")
@recent_auth_required
def regenerate_view(request):
    if not has_second_factor(request.user):  # recovery codes back up a second factor; none, none to make
        return redirect("mfa:manage")
    if request.method == "POST":
        codes = regenerate_recovery_codes(request, request.user)
        return render(request, "mfa/recovery_codes.html", {"codes": codes})
    return render(request, "mfa/regenerate.html")


@methods("GET", "POST")
@recent_auth_required
def disable_view(request):
    if request.method == "POST":
        disable_two_factor(request, request.user)
        messages.info(request, "Two-factor authentication is off.")
        return redirect("mfa:manage")
    return render(request, "mfa/disable.html")


@public
@methods("GET", "POST")
@sensitive_post_parameters("code")
@never_cache
@csrf_protect
def login_code_view(request):
    """The second login step. Public because the user is not signed in yet; it serves only a pending login."""
    if request.user.is_authenticated:
        return redirect("home")
    user = pending_user(request)
    if user is None:
        messages.info(request, LOGIN_EXPIRED)
        return redirect("accounts:login")
    if request.method == "GET":
        form = LoginCodeForm(initial={"next": request.GET.get("next", "")})
        return render(request, "mfa/login_code.html", {"form": form, "factors": second_factors(user)})
    form = LoginCodeForm(request.POST)
    if form.is_valid():
        try:
            outcome, next_url = challenge.submit_login_code(request, form.cleaned_data["code"])
        except Throttled as refused:
            return refused_form(request, "mfa/login_code.html", form, refused.refusal)
        if outcome == challenge.ACCEPTED:
            return redirect(next_url or safe_next(form.cleaned_data["next"]))
        if outcome in (challenge.EXPIRED, challenge.ENDED):
            messages.error(request, LOGIN_ENDED if outcome == challenge.ENDED else LOGIN_EXPIRED)
            return redirect("accounts:login")
        form.add_error("code", WRONG_CODE)
    return render(request, "mfa/login_code.html", {"form": form, "factors": second_factors(user)}, status=400)
