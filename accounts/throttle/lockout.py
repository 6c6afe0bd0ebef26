"""Brute-force protection for every door: an exact login lockout, and request limits for the other doors.

Every number is a knob in accounts/conf.py (LOGIN_* and RATE_LIMITS). Keys cannot be dodged: an account is its
normalized email (accounts.addresses.normalize_email: case, Unicode width forms and spaces fold to one counter), a
client is audit.client.client_ip (REMOTE_ADDR unless TRUSTED_PROXY_COUNT; IPv6 per /64). Redis being down raises
a backing-service error (the request answers 503): an attempt is never let through uncounted.

Login, the exact part (accounts.flows.login.authenticate_password does this; any other door that checks a
password, e.g. the API's token endpoint, goes through that flow):

    refusal = check_login_allowed(request, email)   # BEFORE any password is hashed
    if refusal: raise Throttled(refusal)            # the view answers 429 via refusal_response()
    ... check the password ...
    then exactly one of  login_succeeded(request, email)           # resets the account's count
                         login_failed(request, email)              # returns the subjects it has just locked
                         release_login_attempt(request, email)     # the check could not finish (an exception)

check_login_allowed() atomically refuses while the account or the IP is locked and otherwise reserves an attempt
slot; with at most LOGIN_ACCOUNT_MAX_FAILURES slots per account, no more than that many passwords are ever hashed
per window, however many requests arrive at once. The failure that reaches the limit sets the lock (and only it:
one audit event and one email per lockout, sent by the login flow). The reply never depends on whether the account
exists.

The other doors count requests with django-ratelimit on the same cache (fixed windows) and return a Refusal or None:

    sign-up request:        email_door_refusal(request, "signup", email)   # per email and per IP
    password-reset request: email_door_refusal(request, "reset", email)
    second-factor code:     counted per pending login by mfa.flows.challenge (MAX_LOGIN_CODE_FAILURES), before
                            any code is checked; the login then starts over; and wrong codes per client network
                            (mfa LOGIN_CODE_IP_MAX_FAILURES, a slot held before the check, given back by a right
                            code); never per device
    enrolment code:         hit(request, "mfa_setup", key=user.pk, rate=mfa SETUP_CODE_RATE_PER_USER)
    step-up attempt:        hit(request, "step_up", key=str(request.user.pk)), through
                            accounts.flows.reauth.reauthenticate, for every check of a current password or code
                            (the step-up page and the change-password form alike)
    Google sign-in start:   hit(request, "google_start", rate=social_settings.GOOGLE_START_RATE)  (social app)
    JSON API:               api.middleware counts every /api/ request on this door's counter (api/denylist.py shares
                            its key, in one Redis round trip with the token denylist)

Operators: locked_accounts(), locked_ips(), clear_account_lock(email, actor=..., request=None, reason=...),
clear_ip_lock(ip, ...). A completed password reset calls clear_account_lock(user.email, request=request,
reason="password_reset").
"""

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django_ratelimit.core import get_usage

from accounts.addresses import normalize_email
from accounts.conf import accounts_settings as conf
from accounts.throttle.store import get_store
from audit import events
from audit.client import client_ip
from audit.record import record

logger = logging.getLogger("authsite.throttle")

ACCOUNT, IP = "account", "ip"


@dataclass(frozen=True)
class Refusal:
    """No: too many attempts. Ask again in retry_after seconds."""

    retry_after: int

    @property
    def minutes(self):
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self):
        return f"Too many attempts. Try again in {self.minutes} minute{'' if self.minutes == 1 else 's'}."


class Throttled(Exception):
    """Raised by a flow that refuses before doing any work; the view turns it into a 429."""

    def __init__(self, refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


def _longest(refusals):
    refusals = [refusal for refusal in refusals if refusal is not None]
    return max(refusals, key=lambda refusal: refusal.retry_after) if refusals else None


# --- Who is counted -----------------------------------------------------------------------------------------------

def network_of(ip):
    """An IPv4 address as is; an IPv6 address as its /THROTTLE_IPV6_PREFIX network (one host often holds a /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip  # already a network label, as locked_ips() lists it
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{conf.THROTTLE_IPV6_PREFIX}", strict=False))
    return str(address)


def client_network(request):
    ip = client_ip(request)
    return "unknown" if ip is None else network_of(ip)


@dataclass(frozen=True)
class Subject:
    kind: str
    label: str
    limit: int
    window: int
    lock: int

    @property
    def key(self):
        return f"throttle:{self.kind}:{hashlib.sha256(self.label.encode()).hexdigest()}"


def _account(email):
    return Subject(ACCOUNT, normalize_email(email), conf.LOGIN_ACCOUNT_MAX_FAILURES,
                   conf.LOGIN_ACCOUNT_WINDOW_SECONDS, conf.LOGIN_ACCOUNT_LOCK_SECONDS)


def _ip(label):
    return Subject(IP, label, conf.LOGIN_IP_MAX_FAILURES, conf.LOGIN_IP_WINDOW_SECONDS, conf.LOGIN_IP_LOCK_SECONDS)


def _login_subjects(request, email):
    return [_account(email), _ip(client_network(request))]


# --- Decisions: plain functions on {key: state}, run atomically by the store ---------------------------------------

def _current(state, subject, now):
    """The subject's state with an ended lock or window forgotten."""
    if state.get("lock_end", 0.0) <= now:
        state["lock_end"] = 0.0
    if state.get("window_end", 0.0) <= now:
        state.update(slots=0, fails=0, window_end=0.0)
    state["label"] = subject.label
    return state


def _change(subjects, decide):
    now = time.time()
    return get_store().change([subject.key for subject in subjects],
                              lambda states: decide({s: _current(states[s.key], s, now) for s in subjects}, now), now)


def _reserve(states, now):
    locks = [state["lock_end"] - now for state in states.values() if state["lock_end"]]
    if locks:
        return Refusal(math.ceil(max(locks)))
    # Every slot is taken by attempts still being checked: the lock may be one failure away, so wait as for a lock.
    full = [subject.lock for subject, state in states.items() if state["slots"] >= subject.limit]
    if full:
        return Refusal(max(full))
    for subject, state in states.items():
        state["slots"] += 1
        state["window_end"] = state["window_end"] or now + subject.window
    return None


def _fail(states, now):
    locked = []
    for subject, state in states.items():
        state["window_end"] = state["window_end"] or now + subject.window
        state["fails"] += 1
        state["slots"] = max(state["slots"], state["fails"])
        if state["fails"] >= subject.limit and not state["lock_end"]:
            # This failure reached the limit: it alone sets the lock, which then starts a fresh window.
            state.update(lock_end=now + subject.lock, slots=0, fails=0, window_end=0.0)
            locked.append(subject)
    return locked


def _release(states, now):
    for state in states.values():
        state["slots"] = max(0, state["slots"] - 1)


def _succeed(states, now):
    for subject, state in states.items():
        if subject.kind == ACCOUNT and not state["lock_end"]:
            state.clear()  # a success forgets the account's failures
        else:
            state["slots"] = max(0, state["slots"] - 1)  # only failures count against an IP


def _clear(states, now):
    was_locked = any(state["lock_end"] for state in states.values())
    for state in states.values():
        state.clear()
    return was_locked


# --- Login ---------------------------------------------------------------------------------------------------------

def check_login_allowed(request, email):
    """A Refusal while the account or the client is locked (or every attempt slot is in use); otherwise None, and an
    attempt slot is now reserved: follow with login_succeeded, login_failed or release_login_attempt."""
    refusal = _change(_login_subjects(request, email), _reserve)
    if refusal is not None:
        logger.info("login refused by throttle for %s s", refusal.retry_after)
    return refusal


def login_failed(request, email):
    """Count a failed password check. Returns the subjects (account, IP) this failure has just locked: the failure
    that reaches a limit, and only it, so the caller announces each lockout exactly once."""
    return _change(_login_subjects(request, email), _fail)


def login_succeeded(request, email):
    _change(_login_subjects(request, email), _succeed)


def release_login_attempt(request, email):
    _change(_login_subjects(request, email), _release)


# --- The other doors -----------------------------------------------------------------------------------------------

def hit(request, door, key=None, rate=None):
    """Count one request at `door` for `key` (default: the client IP). Refusal or None.

    The rate is RATE_LIMITS[door] unless the caller passes its own (another app's door, with the knob in its conf).
    """
    value = client_network(request) if key is None else str(key)
    usage = get_usage(request, group=f"authsite.{door}", key=lambda group, request: value,
                      rate=rate or conf.RATE_LIMITS[door], increment=True)
    if usage is not None and usage["should_limit"]:
        return Refusal(max(1, usage["time_left"]))
    return None


def email_door_refusal(request, door, email):
    """Count a request at a door limited per email and per IP ("signup", "reset"); the longer refusal, or None."""
    return _longest([hit(request, f"{door}_email", normalize_email(email)), hit(request, f"{door}_ip")])


# --- Operators -----------------------------------------------------------------------------------------------------

def _as_times(entries):
    return [(label, datetime.fromtimestamp(end, UTC)) for label, end in entries]


def locked_accounts():
    """[(normalized email, locked until)] for every locked account, existing or not."""
    return _as_times(get_store().locked(ACCOUNT, time.time()))


def locked_ips():
    """[(IP or IPv6 network, locked until)]."""
    return _as_times(get_store().locked(IP, time.time()))


def clear_account_lock(email, *, actor=None, request=None, reason="operator"):
    """Unlock an account and forget its failures (operators, a completed password reset). True if it was locked."""
    subject = _account(email)
    was_locked = _change([subject], _clear)
    user = get_user_model().objects.filter(email=subject.label).first()
    record(events.LOGIN_LOCK_CLEARED, request=request, user=user, actor=actor, kind=ACCOUNT, email=subject.label,
           was_locked=was_locked, reason=reason)
    return was_locked


def clear_ip_lock(ip, *, actor=None, request=None, reason="operator"):
    """Unlock a client IP (or IPv6 network, as listed by locked_ips()). True if it was locked."""
    subject = _ip(network_of(str(ip).strip()))
    was_locked = _change([subject], _clear)
    record(events.LOGIN_LOCK_CLEARED, request=request, actor=actor, kind=IP, network=subject.label,
           was_locked=was_locked, reason=reason)
    return was_locked
