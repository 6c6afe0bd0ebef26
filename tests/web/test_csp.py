"""web.csp: Django's CSP middleware with each policy's header built once; it must answer exactly as Django's does."""

import pytest
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCspMiddleware
from django.test import RequestFactory
from django.utils.csp import CSP, build_policy

from web.csp import ContentSecurityPolicyMiddleware

POLICY = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE], "object-src": [CSP.NONE]}


def respond(middleware_class, *, use_nonce=False, response_attrs=None, preset_header=None):
    def view(request):
        response = HttpResponse("page")
        if use_nonce:
            str(request._csp_nonce)  # what {{ csp_nonce }} in a template does
        for name, value in (response_attrs or {}).items():
            setattr(response, name, value)
        if preset_header:
            response[CSP.HEADER_ENFORCE] = preset_header
        return response

    return middleware_class(view)(RequestFactory().get("/"))


@pytest.mark.parametrize("case", [
    {},
    {"use_nonce": True},
    {"response_attrs": {"_csp_config": {"default-src": [CSP.NONE]}}},
    {"response_attrs": {"_csp_config": {}}},  # a view switching the policy off
    {"response_attrs": {"_csp_ro_config": {"img-src": [CSP.SELF]}}},
    {"preset_header": "default-src 'self' https://cdn.example"},  # a view's own header is left alone
])
def test_headers_are_those_of_djangos_middleware(settings, case):
    settings.SECURE_CSP = POLICY
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": [CSP.SELF], "report-uri": "/csp-report"}
    ours, django = respond(ContentSecurityPolicyMiddleware, **case), respond(DjangoCspMiddleware, **case)
    for header in (CSP.HEADER_ENFORCE, CSP.HEADER_REPORT_ONLY):
        if case.get("use_nonce"):  # each side drew its own nonce: compare with the nonce masked
            assert ours.get(header, "").split("'nonce-")[0] == django.get(header, "").split("'nonce-")[0]
        else:
            assert ours.get(header) == django.get(header), header


def test_a_page_without_a_nonce_reuses_the_header_and_a_page_with_one_gets_its_own(settings):
    settings.SECURE_CSP = POLICY
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    plain = [middleware(RequestFactory().get("/"))[CSP.HEADER_ENFORCE] for _ in range(2)]
    assert plain[0] == plain[1] == build_policy(POLICY) and "nonce" not in plain[0]

    def with_nonce(request):
        str(request._csp_nonce)
        return HttpResponse()

    middleware = ContentSecurityPolicyMiddleware(with_nonce)
    nonces = {middleware(RequestFactory().get("/"))[CSP.HEADER_ENFORCE] for _ in range(3)}
    assert len(nonces) == 3 and all("'nonce-" in header for header in nonces)


def test_a_changed_policy_setting_is_used_at_once(settings):
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    settings.SECURE_CSP = POLICY
    assert middleware(RequestFactory().get("/"))[CSP.HEADER_ENFORCE] == build_policy(POLICY)
    settings.SECURE_CSP = {"default-src": [CSP.NONE]}
    assert middleware(RequestFactory().get("/"))[CSP.HEADER_ENFORCE] == "default-src 'none'"


def test_the_site_runs_it_in_place_of_djangos(settings, client):
    assert "web.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" not in settings.MIDDLEWARE
