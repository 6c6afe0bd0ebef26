"""Changing the account's email address. Thin: parse, call a flow (accounts.flows.email_change), render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts.decorators import recent_auth_required
from accounts.flows.email_change import confirm_email_change, request_email_change
from accounts.forms import EmailChangeForm
from accounts.throttle import Throttled
from web.decorators import methods, public
from web.errors import refused_form

TEMPLATE = "accounts/email_change.html"


@methods("GET", "POST")
@never_cache
@csrf_protect
@recent_auth_required
def email_change_view(request):
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": EmailChangeForm()})
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        try:
            request_email_change(request, request.user, form.cleaned_data["new_email"])
        except Throttled as refused:
            return refused_form(request, TEMPLATE, form, refused.refusal)
        except ValidationError as error:
            form.add_error("new_email", error)
        else:
            # One answer whether or not the new address has an account (no echo of the address either).
            return redirect("accounts:email_change_sent")
    return render(request, TEMPLATE, {"form": form}, status=400)


@never_cache
def email_change_sent_view(request):
    return render(request, "accounts/email_change_sent.html")


@public
@never_cache
def email_change_confirm_view(request, uidb64, secret):
    # Public: the link may be opened on a device where nobody (or someone else) is signed in.
    user = confirm_email_change(request, uidb64, secret)
    if user is None:
        return render(request, "accounts/link_invalid.html", {"retry_url_name": "accounts:email_change"}, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, f"Your email address is now {user.email}. Every other session was signed out.")
        return redirect("accounts:account")
    messages.success(request, f"Your email address is now {user.email}. Sign in with it.")
    return redirect("accounts:login")
