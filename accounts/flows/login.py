"""Signing in: check a password, walk the login stages, and finish with Django's login().

The login in progress is kept in the session under PENDING and only this module reads or writes it. Nothing is
granted between stages: the user is signed in only by finish_login(), after every configured stage has said it has
nothing more to ask.

A stage (settings AUTHSITE_LOGIN_STAGES) is a function `stage(request, user, pending) -> URL or None`: the URL of
its page while it still needs the user, None when it has nothing to ask. `pending` is a read-only view of the login
(`stage_done(pending, name)`, `pending_method(pending)`). A stage's page reports success with
`complete_stage(request, name, **facts)`, which moves the login on.
"""

import time
from types import MappingProxyType

from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.signals import user_login_failed
from django.tasks import task
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string

from accounts import background, throttle
from accounts.addresses import normalize_email
from accounts.conf import accounts_settings
from accounts.flows.new_device import alert_if_new_device
from accounts.mail import notify_user, render_mail
from accounts.sessions import policy as session_policy
from audit import events
from audit.client import client_ip, user_agent
from audit.record import record

PENDING = "_authsite_pending_login"
CREDENTIALS_SALT = "accounts.flows.login.credentials"
AUTH_TIME = "_authsite_auth_time"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def authenticate_password(request, email, password):
    """The user when the email and password match an active, verified account; otherwise None.

    Unknown email, wrong password, inactive or unverified account: one answer, one cost. A password hash is computed
    in every case, so the reply time does not tell whether the account exists.

    Raises throttle.Throttled before any hashing while the account or the client is locked (accounts/throttle.py).
    """
    User = get_user_model()
    normalized = normalize_email(email)
    refusal = throttle.check_login_allowed(request, normalized)
    if refusal is not None:
        raise throttle.Throttled(refusal)
    try:
        user = User.objects.filter(email=normalized).first()
        if user is None:
            User().set_password(password)  # spend the same hashing time as a real check
            matched = False
        else:
            matched = user.check_password(password)  # also upgrades an outdated hash on success
    except BaseException:
        throttle.release_login_attempt(request, normalized)  # the check never finished: give its slot back
        raise
    if matched and user.is_active and user.email_verified:
        throttle.login_succeeded(request, normalized)
        return user
    locked = throttle.login_failed(request, normalized)  # counted first: the count must not hang on the audit write
    record(events.LOGIN_FAILED, request=request, user=user, email=normalized, reason="invalid_credentials")
    # As django.contrib.auth.authenticate() would, so third-party listeners work; the credentials carry no password.
    # (Success is announced by Django's login() itself, in finish_login: user_logged_in.)
    user_login_failed.send(sender=__name__, credentials={"email": normalized}, request=request)
    for subject in locked:
        announce_lockout(request, subject, user)
    return None


def announce_lockout(request, subject, user):
    """A failure has just locked an account or a client network: audit it, and tell a real account's owner.

    The notice never runs on the request thread: it is queued for every locked address, known or not, and the job
    looks the account up. So the reply's time depends neither on the mail server (a slow or hanging one held the
    worker for seconds) nor on whether the account exists (enumeration by timing the 5th wrong password).
    """
    minutes = subject.lock // 60
    if subject.kind == throttle.IP:
        record(events.LOGIN_IP_LOCKED, request=request, network=subject.label, minutes=minutes)
        return
    known = user if user is not None and user.is_active and user.email_verified else None
    record(events.LOGIN_ACCOUNT_LOCKED, request=request, user=known, email=subject.label, minutes=minutes)
    # Queued for every locked address, known or not; the task looks the account up, so neither the reply nor its
    # timing says whether it exists, and no mail server is on the request's path.
    lockout_notice.enqueue(email=subject.label, request=background.detach(request), minutes=minutes)


def send_lockout_notice(email, request, minutes):
    """Background job: the "sign-in paused" mail to the owner of `email`, when it is an account that can sign in."""
    User = get_user_model()
    user = User.objects.filter(email=email, is_active=True, email_verified=True).first()
    if user is None:
        # Render it anyway, for no one: the job runs beside other requests of the same server, and its work must not
        # slow them down more for a real account than for an unknown address (as the dummy hash at login).
        render_mail("account_locked", request=request, user=User(email=email), minutes=minutes)
        return
    notify_user(user, "account_locked", request=request, minutes=minutes)


@task()
def lockout_notice(*, email, request, minutes):
    """The background half of a lockout: the "sign-in paused" mail, when the address is an account that can sign in."""
    send_lockout_notice(email, background.reattach(request), minutes)


def sign_in_methods(user):
    """The names of the ways this user can sign in on their own: "password" when it is usable, and each method the
    apps register in AUTHSITE_SIGN_IN_METHODS ("passkey", "google", ...)."""
    methods = {"password"} if user.has_usable_password() else set()
    found = (import_string(path)(user) for path in accounts_settings.SIGN_IN_METHODS)
    return methods | {name for name in found if name}


def begin_login(request, user, *, method, remember=False):
    """The first factor passed: remember who is signing in, then go to the next stage (or finish).

    Returns the URL of the next stage's page, or None when the login is finished.
    """
    request.session.cycle_key()
    request.session[PENDING] = {"user_id": user.pk, "method": method, "remember": bool(remember),
                                "started": int(time.time()), "stages": {},
                                "credentials": credentials_fingerprint(user)}
    return next_stage(request)


def credentials_fingerprint(user):
    """A keyed fingerprint of what the first factor vouched for: the password hash (any change of password, by any
    route, changes its salt), the last revocation of the user's credentials (sign out everywhere, operators,
    two-factor reset) and the active flag. A pending login lives only while it is unchanged."""
    revoked = user.credentials_revoked_at.isoformat() if user.credentials_revoked_at else "-"
    value = f"{user.pk}|{user.password}|{revoked}|{int(user.is_active)}"
    return salted_hmac(CREDENTIALS_SALT, value, algorithm="sha256").hexdigest()


def complete_stage(request, name, **facts):
    """The stage `name` is satisfied for the login in progress (facts: how, e.g. method="totp"). Returns the next
    stage's URL, or None when the login has finished (or has expired: check request.user)."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    stages = {**pending.get("stages", {}), name: facts or {"done": True}}
    request.session[PENDING] = {**pending, "stages": stages}
    return next_stage(request)


def stage_done(pending, name):
    """For stages: has `name` already been completed in this login?"""
    return name in pending.get("stages", {})


def pending_method(pending):
    """For stages: how the first factor was given ("password", "google", "passkey", ...)."""
    return pending["method"]


def pending_user(request):
    """The user of the login in progress, or None (and the pending state is dropped) when there is none, it is older
    than PENDING_LOGIN_SECONDS, or the credentials its first factor used have changed since: a login half-done with
    an old password must not be finished after a reset, a sign-out-everywhere or a deactivation."""
    pending = request.session.get(PENDING)
    if not pending:
        return None
    user = None
    if time.time() - pending["started"] <= accounts_settings.PENDING_LOGIN_SECONDS:
        user = get_user_model().objects.filter(pk=pending["user_id"]).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    current = credentials_fingerprint(user)
    if not user.is_active or not constant_time_compare(pending.get("credentials", ""), current):
        request.session.pop(PENDING, None)
        record(events.PENDING_LOGIN_REFUSED, request=request, user=user, reason="credentials_changed")
        return None
    return user


def next_stage(request):
    """Ask each configured stage whether it needs the user; finish the login when none does."""
    user = pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        return None
    pending = MappingProxyType(request.session[PENDING])
    for path in accounts_settings.LOGIN_STAGES:
        url = import_string(path)(request, user, pending)
        if url:
            return url
    finish_login(request, user, method=pending["method"], remember=pending["remember"])
    return None


def finish_login(request, user, *, method, remember=False):
    """Sign the user in: a new session id (Django's login() cycles it), lifetimes set, the event audited."""
    request.session.pop(PENDING, None)
    login(request, user, backend=MODEL_BACKEND)
    session_policy.start(request.session, user, remember, ip=client_ip(request), user_agent=user_agent(request))
    request.session[AUTH_TIME] = int(time.time())
    record(events.LOGIN_SUCCEEDED, request=request, user=user, method=method, remember=bool(remember))
    alert_if_new_device(request, user)


def abandon_login(request):
    request.session.pop(PENDING, None)


def sign_out(request):
    """Log out: the Redis key and the cookie go (Django's logout() flushes the session)."""
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        record(events.LOGOUT, request=request, user=user)
    logout(request)
