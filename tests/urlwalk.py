"""Every URL the project serves, as one concrete sample path per pattern, for "every page" tests."""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern

ROUTE_PARAM = re.compile(r"<(?:(\w+):)?\w+>")
REGEX_GROUP = re.compile(r"\(\?P<\w+>([^()]*)\)")
SAMPLES = {"int": "1", "path": "x", "slug": "x", "str": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _sample(pattern):
    text = str(pattern)
    if not isinstance(pattern, RegexPattern):
        return ROUTE_PARAM.sub(lambda m: SAMPLES.get(m.group(1) or "str", "x"), text)
    # A regex (the admin's): a named group of literal alternatives takes the first, anything else a plain "1".
    text = REGEX_GROUP.sub(lambda m: m.group(1).split("|")[0] if re.fullmatch(r"[\w|]+", m.group(1)) else "1", text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def _walk(patterns, prefix):
    for entry in patterns:
        here = prefix + _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, here)
        elif isinstance(entry, URLPattern):
            yield "/" + here


def sample_paths():
    """{path: view function} for one resolvable sample of every URL pattern."""
    found = {}
    for path in _walk(get_resolver().url_patterns, ""):
        try:
            found.setdefault(path, resolve(path).func)
        except Resolver404:
            continue
    return found


def all_routes():
    """[(sample path, view function)] for every URL pattern."""
    return list(sample_paths().items())


#: The JSON API (api/): authenticated by bearer tokens, never by the session, so "pages" tests leave it out.
API_PREFIXES = ("/api/", "/.well-known/")


def is_api(path):
    return path.startswith(API_PREFIXES)


def page_routes():
    """all_routes() without the API's: the URLs a browser session signs in to."""
    return [(url, view) for url, view in all_routes() if not is_api(url)]
