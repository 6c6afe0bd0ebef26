"""Brute-force protection: the login lockout and the request limits (lockout.py), on an atomic store (store.py).

Callers use the decisions through this package: `from accounts import throttle; throttle.hit(request, "api")`.
"""

from accounts.throttle.lockout import (
    ACCOUNT,
    IP,
    Refusal,
    Throttled,
    check_login_allowed,
    clear_account_lock,
    clear_ip_lock,
    client_network,
    email_door_refusal,
    hit,
    locked_accounts,
    locked_ips,
    login_failed,
    login_succeeded,
    network_of,
    release_login_attempt,
)

__all__ = [
    "ACCOUNT", "IP", "Refusal", "Throttled", "check_login_allowed", "clear_account_lock", "clear_ip_lock",
    "client_network", "email_door_refusal", "hit", "locked_accounts", "locked_ips", "login_failed",
    "login_succeeded", "network_of", "release_login_attempt",
]
