"""Django's Content Security Policy middleware, minus rebuilding the same header on every response.

Most pages use no nonce, so their header is the same text each time for a given policy: it is built once per policy
object and reused. A page that used the nonce (a page with a script) gets a header built for its own nonce, as in
Django. Everything else (the settings, per-view overrides through response._csp_config, a header a view set itself)
behaves exactly as django.middleware.csp.ContentSecurityPolicyMiddleware.
"""

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP, build_policy

_NOT_SET = object()
#: Enough for the settings' two policies and the few per-view overrides; beyond it the memo starts over.
_MEMO_SIZE = 32


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = {}  # id(policy) -> (policy, header); the policy is kept so its id cannot be reused meanwhile

    def process_response(self, request, response):
        nonce = csp.get_nonce(request)
        for header, attribute, setting in ((CSP.HEADER_ENFORCE, "_csp_config", settings.SECURE_CSP),
                                           (CSP.HEADER_REPORT_ONLY, "_csp_ro_config", settings.SECURE_CSP_REPORT_ONLY)):
            policy = getattr(response, attribute, _NOT_SET)
            if policy is _NOT_SET:
                policy = setting
            # An empty policy adds no header; a header the view set itself is left alone.
            if policy and header not in response:
                response.headers[str(header)] = self._header(policy, nonce)
        return response

    def _header(self, policy, nonce):
        if nonce:  # the page used its nonce: this header is this response's alone
            return build_policy(policy, nonce)
        built = self._built.get(id(policy))
        if built is None or built[0] is not policy:
            if len(self._built) >= _MEMO_SIZE:
                self._built.clear()
            built = self._built[id(policy)] = (policy, build_policy(policy))
        return built[1]
