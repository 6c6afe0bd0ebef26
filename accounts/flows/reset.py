"""Password reset by email: request a link, open it, set a new password.

- The request answers the same way in the same time for every address: the request thread only queues one task, and
  the task looks the address up and queues a link mail if there is an account to reset. The link mail's task
  issues the link when it sends, so the secret never sits in the queue.
- The link is built from SITE_URL (accounts.mail.site_link), works for PASSWORD_RESET_LINK_SECONDS, once, and dies
  when the password changes (accounts.tokens).
- Opening the link keeps the link's id in the session and redirects to a URL without the secret, so the secret
  never reaches a Referer header or the rendered page.
- Completing a reset ends every session of the user and does not sign anyone in.
"""

from django.contrib.auth import get_user_model, logout
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from accounts import background, throttle, tokens
from accounts.addresses import normalize_email
from accounts.conf import accounts_settings
from accounts.flows.passwords import ALL_SESSIONS_ENDED, notify_password_changed
from accounts.flows.sessions import revoke_sessions
from accounts.mail import deliver, site_link
from accounts.models import OneTimeLink
from accounts.password_validation import check_new_password
from audit import events
from audit.record import record

RESET_LINK = "_authsite_reset_link"
PURPOSE = OneTimeLink.RESET_PASSWORD


def start_password_reset(request, email):
    """Queue a reset for `email`. The caller answers "check your email" whatever happens.

    Raises throttle.Throttled past the reset request limits (per email and per client IP).
    """
    email = normalize_email(email)
    refusal = throttle.email_door_refusal(request, "reset", email)
    if refusal is not None:
        raise throttle.Throttled(refusal)
    reset_if_account.enqueue(email=email, request=background.detach(request))


def send_reset_if_account(email, request=None):
    """In a task: audit the request; an active account gets a reset link mail (queued as its own task)."""
    user = get_user_model().objects.filter(email=email, is_active=True).first()
    with transaction.atomic():
        record(events.PASSWORD_RESET_REQUESTED, request=request, user=user, email=email, found=user is not None)
        if user is not None:
            queue_reset_link(user, request=request)


def queue_reset_link(user, *, request=None, actor=None):
    """Queue a reset link mail for `user` (also used by manage.py send_password_reset)."""
    mail_reset_link.enqueue(user_id=user.pk, request=background.detach(request),
                            actor=str(actor) if actor else None)


def send_reset_link(user, *, request=None, actor=None):
    """In a task: issue a reset link and send it now. A failed send takes the new link back with it.

    The link is committed before the mail leaves (a quick reader must find it); a failed send withdraws it.
    """
    seconds = accounts_settings.PASSWORD_RESET_LINK_SECONDS
    uidb64, secret = tokens.issue(user, PURPOSE, seconds)
    link = site_link(reverse("accounts:password_reset_link", args=[uidb64, secret]))
    try:
        deliver("password_reset", user.email, request=request, user=user, link=link, valid_minutes=seconds // 60)
    except BaseException:
        tokens.withdraw(user, secret, PURPOSE)
        raise
    record(events.PASSWORD_RESET_LINK_SENT, request=request, user=user, actor=actor)


def open_reset_link(request, uidb64, secret):
    """Check the link from the mail; when it is live, remember it in the session. True if it is live."""
    link = tokens.find(uidb64, secret, PURPOSE)
    if link is None:
        record(events.LINK_REFUSED, request=request, purpose=PURPOSE)
        request.session.pop(RESET_LINK, None)
        return False
    request.session[RESET_LINK] = link.pk
    return True


def reset_link_user(request):
    """The user whose live reset link this session opened, or None."""
    link_id = request.session.get(RESET_LINK)
    link = tokens.find_by_id(link_id, PURPOSE) if link_id else None
    return None if link is None else link.user


def complete_password_reset(request, new_password):
    """Use the session's link to set `new_password`. The user, or None when the link is no longer live.

    Two parallel submissions of one link: exactly one sets the password (tokens.consume). Raises ValidationError
    (and keeps the link) when the new password breaks the policy.
    """
    pending_user = reset_link_user(request)
    if pending_user is not None:
        check_new_password(new_password, pending_user)
    link_id = request.session.pop(RESET_LINK, None)
    user = None
    if link_id:
        user = tokens.use_link(link_id, PURPOSE, lambda user: _store_reset_password(user, new_password))
    if user is None:
        record(events.LINK_REFUSED, request=request, purpose=PURPOSE)
        return None
    # This browser may itself hold a session of the user: end it properly so the response cannot write it back.
    if request.user.is_authenticated:
        logout(request)
    revoke_sessions(user, request=request, reason="password_reset")
    throttle.clear_account_lock(user.email, request=request, reason="password_reset")
    record(events.PASSWORD_RESET_COMPLETED, request=request, user=user)
    notify_password_changed(user, request, how="reset with a link sent to this address",
                            sessions_note=ALL_SESSIONS_ENDED)
    return user


def _store_reset_password(user, new_password):
    user.set_password(new_password)
    # The link arrived at this address, which proves the mailbox as well as a verification link would.
    user.email_verified = True
    user.save(update_fields=["password", "email_verified"])
    return user


@task()
def reset_if_account(*, email, request):
    """The background half of a password-reset request: looks the address up; only a real, active account gets a
    link."""
    send_reset_if_account(email, request=background.reattach(request))


@task()
def mail_reset_link(*, user_id, request, actor):
    """Issue a password-reset link and mail it, unless the account was deactivated (or removed) meanwhile."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        send_reset_link(user, request=background.reattach(request), actor=actor)
