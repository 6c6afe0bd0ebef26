"""{% sign_in_options "login" %}: the other ways to sign in that apps add (settings AUTHSITE_SIGN_IN_OPTIONS).

A template tag rather than view code, so every rendering of the login and sign-up pages (first view, form errors,
429) shows them, and accounts never imports the apps that provide them.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.module_loading import import_string

from accounts.conf import accounts_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_options(context, page):
    request = context["request"]
    form = context.get("form")
    next_url = ""
    if form is not None and "next" in getattr(form, "fields", {}):
        next_url = form["next"].value() or ""
    else:
        next_url = request.GET.get("next", "")
    parts = [import_string(path)(request, next_url, page) for path in accounts_settings.SIGN_IN_OPTIONS]
    return format_html_join("", "{}", ((part,) for part in parts if part))
