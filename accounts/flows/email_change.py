"""Changing the account's email address: a step-up first (the view's recent_auth_required), then a one-time link to
the new address; the address changes only when that link is opened.

Until then the old address still signs in and still receives mail, and its owner is told a change was asked for
and to which address, so a hijacked session cannot move the account away in silence. The reply is the same whether
or not the new address already has an account: everything that depends on it (the lookup, the link, the mail) runs
off the request thread, and an address that has an account gets a note instead of a link, so no link can ever move
an account onto another person's address. Opening the link moves the account, marks the address verified, ends every
other session, is audited, and tells the old address. Links are bound to the account's state (accounts.tokens):
a change of email or password kills every older link, reset and email-change alike.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse

from accounts import background, throttle, tokens
from accounts.addresses import normalize_email
from accounts.conf import accounts_settings
from accounts.flows.operators import check_operator_may_act
from accounts.flows.sessions import revoke_sessions
from accounts.mail import send_mail_template, site_link
from accounts.models import OneTimeLink
from audit import events
from audit.record import record

SAME_ADDRESS = "That is already the address of your account."


def request_email_change(request, user, new_email):
    """Ask to move `user` to `new_email`. The caller answers "check the new address" whatever happens next.

    Raises ValidationError for the account's own current address, and throttle.Throttled past the per-user limit
    (RATE_LIMITS["email_change"]): each request mails an address the requester typed.
    """
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise ValidationError(SAME_ADDRESS, code="same_address")
    refusal = throttle.hit(request, "email_change", key=str(user.pk))
    if refusal is not None:
        raise throttle.Throttled(refusal)
    record(events.EMAIL_CHANGE_REQUESTED, request=request, user=user, new_email=new_email)
    email_change_mail.enqueue(user_id=user.pk, new_email=new_email, request=background.detach(request))


def send_email_change_mail(user_id, new_email, request=None):
    """Off the request: the link to a free address (or a note to a taken one), and the notice to the old address."""
    User = get_user_model()
    user = User.objects.get(pk=user_id)
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        send_mail_template("email_change_taken", new_email, request=request)
    else:
        # Only the latest request counts: an earlier link to another address stops working.
        OneTimeLink.objects.filter(user=user, purpose=OneTimeLink.CHANGE_EMAIL, used_at__isnull=True).delete()
        seconds = accounts_settings.CHANGE_EMAIL_LINK_SECONDS
        uidb64, secret = tokens.issue(user, OneTimeLink.CHANGE_EMAIL, seconds, new_email=new_email)
        link = site_link(reverse("accounts:email_change_confirm", args=[uidb64, secret]))
        send_mail_template("email_change_confirm", new_email, request=request, user=user, link=link,
                           valid_hours=seconds // 3600)
    # The old address hears of every request, taken address or not: its owner may not be the one asking.
    send_mail_template("email_change_requested", user.email, request=request, user=user, new_email=new_email)


@task()
def email_change_mail(*, user_id, new_email, request):
    """The background half of an email-change request: the link to a free address (issued here, never stored in the
    row), or a note to a taken one, and the notice to the old address."""
    send_email_change_mail(user_id, new_email, background.reattach(request))


def confirm_email_change(request, uidb64, secret):
    """Open an email-change link: the moved user, or None when the link is unknown, used, expired or stale, or the
    address was taken in the meantime. Every other session of the user ends; the old address is told."""
    link = tokens.find(uidb64, secret, OneTimeLink.CHANGE_EMAIL)
    moved = None if link is None else tokens.use_link(link.pk, OneTimeLink.CHANGE_EMAIL,
                                                      lambda user: _move(user, link.new_email))
    if moved is None:
        record(events.LINK_REFUSED, request=request, purpose=OneTimeLink.CHANGE_EMAIL)
        return None
    user, old_email = moved
    keep = None
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.session.cycle_key()  # this browser stays signed in, under a new session id
        keep = request.session.session_key
    revoke_sessions(user, keep=keep, request=request, reason="email_changed")
    record(events.EMAIL_CHANGED, request=request, user=user, old_email=old_email, new_email=user.email)
    send_email_changed_notice(user.pk, old_email, request)
    return user


def send_email_changed_notice(user_id, old_email, request=None):
    """Off the request: tell the old address that the account has moved (and where), in case it was not its owner."""
    user = get_user_model().objects.get(pk=user_id)
    send_mail_template("email_changed", old_email, request=request, user=user, old_email=old_email,
                       new_email=user.email)


def _move(user, new_email):
    """Inside the link's transaction (the user row is locked): (user, old email), or None if the address is taken."""
    old_email = user.email
    user.email, user.email_verified = new_email, True
    try:
        with transaction.atomic():  # a savepoint: a unique-constraint race leaves the outer transaction usable
            user.save(update_fields=["email", "email_verified"])
    except IntegrityError:
        return None
    return user, old_email


def change_email_by_operator(user, new_email, *, actor, request=None):
    """An operator sets `user`'s address (the admin). Returns False when it is the same address (nothing happens).

    Treated like a credential change: audited with the operator, every session of the user ends (whoever holds one
    may be the reason for the change), and the *old* address is told, so a person whose account was taken over by
    changing its address hears about it. One-time links die by themselves: they are bound to the address.
    Raises ValidationError when another account has the address, OperatorRefused when `actor` may not edit `user`.
    """
    check_operator_may_act(actor, user)
    new_email, old_email = normalize_email(new_email), user.email
    if new_email == old_email:
        return False
    if get_user_model().objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError("Another account already uses this email address.")
    user.email = new_email
    user.save(update_fields=["email"])
    record(events.EMAIL_CHANGED, request=request, user=user, actor=actor, old_email=old_email, new_email=new_email)
    revoke_sessions(user, request=request, reason="email_changed", actor=actor)
    send_mail_template("email_changed_by_operator", old_email, request=request, user=user, new_email=user.email)
    return True
