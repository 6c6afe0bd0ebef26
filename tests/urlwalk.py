"""Every URL pattern of the project, with sample arguments, for tests that must cover all of them."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_BY_CONVERTER = {"int": "1", "str": "sample", "slug": "sample", "uuid": "00000000-0000-0000-0000-000000000001",
                       "path": "sample/path"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def _concrete(route):
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_BY_CONVERTER.get(m.group(1) or "str", "sample"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex routes (the admin's): any value will do
    route = re.sub(r"[()?*+]", "", route)
    return "/" + route


def all_routes():
    """[(concrete path, view callable)] for every URL pattern."""
    return [(_concrete(route), callback) for route, callback in _walk(get_resolver().url_patterns)]
