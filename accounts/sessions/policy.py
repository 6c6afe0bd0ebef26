"""How long a session may live (idle and absolute limits by kind: normal, remember me, staff), and where from
(session binding: the device, and optionally the network, it signed in with).

The kind, the clocks and the binding are kept in the session itself, so enforcing them costs no extra round trip.
"""

import ipaddress
import secrets
import time

from accounts.conf import accounts_settings as conf
from accounts.device_names import device_family

KIND = "_authsite_kind"
STARTED = "_authsite_started"
SEEN = "_authsite_seen"
# Shown on "your sessions": where the session was opened, and a public id that names it without being its key.
IP = "_authsite_ip"
USER_AGENT = "_authsite_ua"
PUBLIC_ID = "_authsite_public_id"
# Session binding: the device family and client network at sign-in, compared on every request when binding is on.
BINDING = "_authsite_binding"
DEVICE, NETWORK = "device", "network"
IPV4_BINDING_PREFIX, IPV6_BINDING_PREFIX = 24, 48
# When this session's sign-in last counted against the user's credentials_revoked_at (a float: two servers may sign
# in and revoke within the same second). Kept apart from STARTED so that keeping a session alive through a revocation
# does not extend its absolute lifetime.
CREDENTIALS_AT = "_authsite_credentials_at"

NORMAL, REMEMBER, STAFF = "normal", "remember", "staff"


def limits(kind):
    """(idle, absolute) seconds for a kind of session."""
    if kind == STAFF:
        return conf.STAFF_IDLE_SECONDS, conf.STAFF_ABSOLUTE_SECONDS
    if kind == REMEMBER:
        return conf.REMEMBER_IDLE_SECONDS, conf.REMEMBER_ABSOLUTE_SECONDS
    return conf.SESSION_IDLE_SECONDS, conf.SESSION_ABSOLUTE_SECONDS


def kind_for(user, remember):
    # Staff get the short lifetimes even if they tick "remember me": their sessions are worth more to an attacker.
    if user.is_staff or user.is_superuser:
        return STAFF
    # Without REMEMBER_ME (the banking profile) nobody gets the long lifetimes, whatever a request claims.
    return REMEMBER if remember and conf.REMEMBER_ME else NORMAL


def idle_timeout_for(session):
    return limits(session.get(KIND, NORMAL))[0]


def storage_lifetime(session):
    """Seconds the Redis key (and a remembered cookie) live after the last write: the idle limit plus the notice
    time. Longer than the idle limit on purpose: the session is refused at the limit by expired_reason(), and the
    key still being there is what lets the next request say why and audit it."""
    return idle_timeout_for(session) + conf.SESSION_EXPIRED_NOTICE_SECONDS


def start(session, user, remember, *, ip, user_agent):
    now = int(time.time())
    kind = kind_for(user, remember)
    session[KIND] = kind
    session[STARTED] = now
    session[SEEN] = now
    session[IP] = ip
    session[USER_AGENT] = user_agent
    # The session key is a bearer credential and never leaves the cookie; pages name a session by this id instead.
    session[PUBLIC_ID] = secrets.token_urlsafe(12)
    # Recorded whatever SESSION_BINDING says, so turning binding on later also covers sessions already open.
    session[BINDING] = {DEVICE: device_family(user_agent), NETWORK: network_prefix(ip)}
    session[CREDENTIALS_AT] = time.time()
    # A remembered session keeps a persistent cookie; every other one ends when the browser closes.
    session.set_expiry(limits(kind)[0] if kind == REMEMBER else 0)


def expired_reason(session, now=None):
    """'idle' or 'absolute' when the session has run out, else None."""
    now = now if now is not None else time.time()
    idle, absolute = limits(session.get(KIND, NORMAL))
    if now - session.get(STARTED, now) > absolute:
        return "absolute"
    if now - session.get(SEEN, now) > idle:
        return "idle"
    return None


def predates_revocation(session, user):
    """True when the user revoked their credentials (sign out everywhere, password change, ...) after this session
    signed in. The stamp lives on the user row in PostgreSQL, which the request has loaded anyway, so this holds even
    if Redis lost the deletion of the session (a failover) and costs no query."""
    revoked_at = user.credentials_revoked_at
    if revoked_at is None:
        return False
    signed_in_at = session.get(CREDENTIALS_AT, session.get(STARTED, 0))
    return signed_in_at < revoked_at.timestamp()


def ended_alone(session, user):
    """True when this session was ended by itself (accounts.flows.sessions.revoke_session); read from the user row,
    like predates_revocation, so a Redis failover that lost the deletion cannot bring it back."""
    return bool(user.ended_sessions) and session.get(PUBLIC_ID) in user.ended_sessions


def absolute_end(session):
    """The epoch second past which the session is refused whatever happens (its absolute limit)."""
    return session.get(STARTED, time.time()) + limits(session.get(KIND, NORMAL))[1]


def survive_revocation(session, revoked_at):
    """The session that made the change keeps working: it counts as signed in at the stamp itself (not "now", which
    another server's clock might place a hair before the stamp)."""
    session[CREDENTIALS_AT] = revoked_at.timestamp()


def touch(session, now=None):
    """Move the idle clock forward, but write at most once per SESSION_TOUCH_SECONDS."""
    now = int(now if now is not None else time.time())
    if now - session.get(SEEN, 0) >= conf.SESSION_TOUCH_SECONDS:
        session[SEEN] = now


def network_prefix(ip):
    """The client network a session is bound to: the IPv4 /24 or IPv6 /48 around `ip` (a home or mobile network
    keeps its prefix while the last bits change)."""
    if not ip:
        return "unknown"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return str(ip)
    prefix = IPV4_BINDING_PREFIX if address.version == 4 else IPV6_BINDING_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def binding_mismatch(session, *, ip, user_agent):
    """None while this request comes from where the session is bound (SESSION_BINDING); otherwise DEVICE or
    NETWORK, the part that differs. `ip` is a function giving the client IP: it runs only when the network is
    compared (every page view passes here). An unchanged User-Agent string is not even parsed."""
    mode = conf.SESSION_BINDING
    if mode == "off":
        return None
    bound = session.get(BINDING) or {DEVICE: device_family(session.get(USER_AGENT, "")),
                                     NETWORK: network_prefix(session.get(IP))}
    if user_agent != session.get(USER_AGENT) and device_family(user_agent) != bound[DEVICE]:
        return DEVICE
    if mode == "device+network" and network_prefix(ip()) != bound[NETWORK]:
        return NETWORK
    return None
