"""Step-up: confirm it is you (the password or another offered method), then go back to the page that asked."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts.flows.outcome import Outcome
from accounts.flows.reauth import PASSWORD, reauthenticate, stepup_methods
from accounts.forms import ReauthForm
from accounts.throttle import Throttled
from web.decorators import methods
from web.errors import refusal_response, too_many_attempts
from web.redirects import safe_next

WRONG_REAUTH = "That did not match. Try again."
REAUTH_THROTTLED = "Too many wrong codes in a row. Wait a little and try again."


def _reauth_forms(request, data=None):
    """One form per way to confirm: the password, then each method other apps offer this user.

    A method may bring its own form template (`template_name`) and a longer secret (`secret_max_length`).
    """
    methods = [None, *stepup_methods(request.user).values()]
    chosen = data.get("method") if data is not None else None
    next_url = request.GET.get("next", "")
    forms = []
    for method in methods:
        name, label, autocomplete = (PASSWORD, "Password", "current-password") if method is None else (
            method.name, method.label, method.autocomplete)
        form = ReauthForm(data if name == chosen else None, method=name, label=label, autocomplete=autocomplete,
                          inputmode=getattr(method, "inputmode", None),
                          max_length=getattr(method, "secret_max_length", None), initial={"next": next_url})
        form.stepup_method = method
        forms.append(form)
    return forms


def _render(request, forms, status=200):
    # Called only once any check is done: a method's page_context may issue a fresh challenge (a passkey's), which
    # must not replace the one the submitted answer was made for.
    for form in forms:
        method = form.stepup_method
        form.method_template = getattr(method, "template_name", None)
        form.method_context = method.page_context(request, request.user) if hasattr(method, "page_context") else {}
    return render(request, "accounts/reauth.html", {"forms": forms}, status=status)


@methods("GET", "POST")
@sensitive_post_parameters()
@never_cache
def reauth_view(request):
    """Step-up: confirm it is you (password or another offered method), then go back to the page that asked."""
    if request.method != "POST":
        return _render(request, _reauth_forms(request))
    forms = _reauth_forms(request, data=request.POST)
    form = next((form for form in forms if form.is_bound), None)
    if form is not None and form.is_valid():
        try:
            outcome = reauthenticate(request, form.method, form.cleaned_data["secret"])
        except Throttled as refused:
            return refusal_response(request, refused.refusal)
        if outcome == Outcome.ACCEPTED:
            return redirect(safe_next(form.cleaned_data["next"], default="accounts:account"))
        if outcome == Outcome.THROTTLED:  # a method's own refusal (none of today's: codes are limited by counters)
            return too_many_attempts(request, 30, REAUTH_THROTTLED)
        form.add_error("secret", WRONG_REAUTH)
    return _render(request, forms, status=400)
