"""Who is asking: the client IP and user agent of a request, in one place for audit and rate limits."""

import ipaddress

from django.conf import settings

USER_AGENT_MAX = 512


def client_ip(request):
    """REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies we run sit in front and append to X-Forwarded-For.

    With N trusted proxies the client is the Nth address from the right; anything further left was written by the
    client and is ignored. An unparsable value is treated as missing rather than trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
