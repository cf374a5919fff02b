"""The login page's provider buttons post to Uniform, which answers with a redirect to the
provider. Browsers hold that redirect to the page's CSP ``form-action`` ('self'), so the pages
with those forms allow the origins of the active providers as well (ADR 0026)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse


class ProviderFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._login = None

    def __call__(self, request):
        response = self.get_response(request)
        if self._login is None:
            self._login = reverse("account_login")
        if request.path == self._login or request.path.startswith("/accounts/oidc/"):
            if "html" in response.get("Content-Type", ""):
                from sso.selectors import active_providers

                origins = sorted({f"{p.scheme}://{p.netloc}" for p in (urlsplit(url) for url in
                                  active_providers().values_list("issuer_url", flat=True)) if p.netloc})
                if origins:
                    response._csp_update = {"form-action": origins}
        return response
