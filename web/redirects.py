"""Where to send a user after signing in: only to a path on this site."""

from urllib.parse import urlsplit

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(candidate, default="home"):
    """`candidate` when it is a plain path on this site, else the default page.

    Refuses absolute URLs (even to our own host: a path is all we ever need), scheme-relative `//evil`, the
    backslash trick `/\\evil` that browsers read as `//evil`, `https:evil`, `javascript:` and control characters.
    """
    if candidate and candidate.startswith("/") and not candidate.startswith(("//", "/\\")):
        parts = urlsplit(candidate)
        if not parts.scheme and not parts.netloc and url_has_allowed_host_and_scheme(candidate, allowed_hosts=set()):
            return candidate
    return resolve_url(default)
