"""{% login_page_sections %}: what other apps add to the login page (settings AUTHSITE_LOGIN_PAGE_SECTIONS), e.g.
"Sign in with a passkey". A tag rather than view context, so every render of the page has them (a refused form too)."""

from django import template
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from accounts.conf import accounts_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def login_page_sections(context):
    request = context["request"]
    # Each section renders its own template (autoescaped there); the joined HTML is safe as a whole.
    return mark_safe("".join(import_string(path)(request) for path in accounts_settings.LOGIN_PAGE_SECTIONS))
