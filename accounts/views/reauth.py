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
    """One form per way to confirm: the password, then each method other apps offer this user."""
    options = [(PASSWORD, "Password", "current-password", None)]
    options += [(m.name, m.label, m.autocomplete, getattr(m, "inputmode", None))
                for m in stepup_methods(request.user).values()]
    method = data.get("method") if data is not None else None
    next_url = request.GET.get("next", "")
    return [ReauthForm(data if name == method else None, method=name, label=label, autocomplete=autocomplete,
                       inputmode=inputmode, initial={"next": next_url})
            for name, label, autocomplete, inputmode in options]


@methods("GET", "POST")
@sensitive_post_parameters()
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
        if outcome == Outcome.ACCEPTED:
            return redirect(safe_next(form.cleaned_data["next"], default="accounts:account"))
        if outcome == Outcome.THROTTLED:  # a method's own refusal (none of today's: codes are limited by counters)
            return too_many_attempts(request, 30, REAUTH_THROTTLED)
        form.add_error("secret", WRONG_REAUTH)
    return render(request, "accounts/reauth.html", {"forms": forms}, status=400)
