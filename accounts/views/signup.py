"""Sign-up and email verification pages. Thin: parse, call a flow, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from accounts.conf import accounts_settings
from accounts.flows.signup import start_signup, verify_email
from accounts.forms import SignUpForm
from accounts.throttle import Throttled
from web.decorators import methods, public
from web.errors import refused_form

CHECK_EMAIL = {
    "title": "Check your email",
    "message": "We have sent a message to the address you gave. Open the link in it to finish creating your "
    "account. It may take a few minutes to arrive; look in your spam folder too.",
}


@public
@methods("GET", "POST")
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@csrf_protect
def signup_view(request):
    if not accounts_settings.SIGNUP_OPEN:
        # Invite-only site: no public sign-up exists here, and the page says how accounts are made.
        return render(request, "accounts/signup_closed.html", status=404)
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                start_signup(request, email=data["email"], display_name=data["display_name"],
                             password=data["new_password1"])
            except Throttled as refused:
                return refused_form(request, "accounts/signup.html", form, refused.refusal)
            # One answer for new and taken addresses alike (no message in the session, no echo of the address).
            return redirect("accounts:signup_sent")
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": SignUpForm()})


@public
def signup_sent_view(request):
    return render(request, "accounts/check_email.html", CHECK_EMAIL)


@public
@never_cache
def verify_email_view(request, uidb64, secret):
    # Verified or not, nobody is signed in here: the person signs in with their password next.
    if verify_email(request, uidb64, secret) is None:
        return render(request, "accounts/link_invalid.html", {"retry_url_name": "accounts:signup"}, status=400)
    messages.success(request, "Your email address is confirmed. You can sign in now.")
    return redirect("accounts:login")
