"""Sign-up with email verification, without revealing which addresses have accounts.

The request thread does the same work for every address (hash the password, queue one task) and the reply is always
"check your email". The task (register_signup, run by the worker) finds out whether the address is
taken: a new address gets an unverified account and a verification link; a taken one gets a "someone tried to sign up
with your address" mail.
An unverified account cannot sign in (authenticate_password checks email_verified).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse

from accounts import background, throttle, tokens
from accounts.addresses import normalize_email
from accounts.conf import accounts_settings
from accounts.mail import deliver, notify_user, site_link
from accounts.models import OneTimeLink
from accounts.password_validation import check_new_password
from audit import events
from audit.record import record


def start_signup(request, *, email, display_name, password):
    """Queue the sign-up of `email`. The caller answers "check your email" whatever happens.

    Raises throttle.Throttled past the sign-up request limits (per email and per client IP), and ValidationError
    when the password breaks the policy (forms check it first, to show it on the page).
    """
    email = normalize_email(email)
    refusal = throttle.email_door_refusal(request, "signup", email)
    if refusal is not None:
        raise throttle.Throttled(refusal)
    check_new_password(password, get_user_model()(email=email, display_name=display_name))
    # Hashing here, on the request thread, costs the same for taken and new addresses, and keeps the plain password
    # out of the task queue.
    password_hash = make_password(password)
    register_signup.enqueue(email=email, display_name=display_name, password_hash=password_hash,
                            request=background.detach(request))


def register(email, display_name, password_hash, request=None):
    """Create the unverified account and queue its verification mail, or tell the owner of a taken address.

    Runs in a task (it may run again after a failure): the account and its mail task are created together or not
    at all, so a retry never mistakes the account it created for someone else's.
    """
    User = get_user_model()
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User(email=email, display_name=display_name, password=password_hash, email_verified=False)
                user.save()
                record(events.SIGNUP_CREATED, request=request, user=user)
                mail_verification_link.enqueue(user_id=user.pk, request=background.detach(request))
            return
        except IntegrityError:  # a parallel sign-up for the same address got there first
            existing = User.objects.get(email=email)
    record(events.SIGNUP_EXISTING_ADDRESS, request=request, user=existing)
    notify_user(existing, "signup_existing", request=request)


def send_verification_link(user, *, request=None):
    """Issue a verification link and send it now (in a task). The link is committed before the mail leaves (a quick
    reader must find it); a failed send withdraws it."""
    seconds = accounts_settings.VERIFY_EMAIL_LINK_SECONDS
    uidb64, secret = tokens.issue(user, OneTimeLink.VERIFY_EMAIL, seconds)
    link = site_link(reverse("accounts:verify_email", args=[uidb64, secret]))
    try:
        deliver("verify_email", user.email, request=request, user=user, link=link, valid_hours=seconds // 3600)
    except BaseException:
        tokens.withdraw(user, secret, OneTimeLink.VERIFY_EMAIL)
        raise


def verify_email(request, uidb64, secret):
    """Use a verification link: the verified user, or None when the link is unknown, used, expired or stale."""
    link = tokens.find(uidb64, secret, OneTimeLink.VERIFY_EMAIL)
    user = None if link is None else tokens.use_link(link.pk, OneTimeLink.VERIFY_EMAIL, _mark_verified)
    if user is None:
        record(events.LINK_REFUSED, request=request, purpose=OneTimeLink.VERIFY_EMAIL)
        return None
    record(events.EMAIL_VERIFIED, request=request, user=user)
    return user


def _mark_verified(user):
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return user


@task(takes_context=True)
def register_signup(context, *, email, display_name, password_hash, request):
    """The background half of a sign-up request: the new unverified account and its verification mail, or a note to
    a taken address. The password hash leaves the task row as soon as the account exists."""
    with transaction.atomic():
        register(email, display_name, password_hash, request=background.reattach(request))
        background.forget_argument(context, "password_hash")


@task()
def mail_verification_link(*, user_id, request):
    """Issue a verification link and mail it, unless the account was verified (or removed) meanwhile."""
    user = get_user_model().objects.filter(pk=user_id, email_verified=False).first()
    if user is not None:
        send_verification_link(user, request=background.reattach(request))
