"""allauth's social login, fed from Uniform's own LoginProvider rows (ADR 0026).

* ``list_apps``: every active provider is an ``openid_connect`` app built in memory from its row
  (no SocialApp rows, no SOCIALACCOUNT_PROVIDERS: a provider saved on the page works at once and
  its secret has one home).
* No sign-up: a login only links to an existing, active person by a *verified* email address in
  one of the provider's domains, whose every active role lies within the provider's network or
  organisation. Everything else gets its own page (``sso/refused.html``).
"""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from sso.models import LoginProvider
from sso.selectors import active_providers, match_person, provider_of

OIDC = "openid_connect"

#: reason → HTTP status of its page
REASONS = {"unknown": 403, "domain": 403, "unverified": 403, "scope": 403, "connect": 403, "error": 400}


def refuse(request, reason: str, provider: LoginProvider | None = None, email: str = ""):
    response = render(request, "sso/refused.html", {"reason": reason, "provider": provider, "email": email},
                      status=REASONS[reason])
    raise ImmediateHttpResponse(response)


def claims_of(sociallogin, kind: str) -> tuple[str, bool]:
    """The email address and whether the provider verified it. The signed id token comes first,
    then userinfo. Entra ID sends no ``email_verified``: its optional claim ``xms_edov`` (the
    domain owner verified the address) counts for Microsoft providers."""
    data = sociallogin.account.extra_data or {}
    id_token, userinfo = data.get("id_token") or {}, data.get("userinfo") or {}
    email = (id_token.get("email") or userinfo.get("email") or "").strip()
    verified_claim = id_token.get("email_verified", userinfo.get("email_verified"))
    verified = parse_bool_safely(verified_claim) is True
    if not verified and kind == LoginProvider.Kind.MICROSOFT:
        verified = parse_bool_safely(id_token.get("xms_edov", userinfo.get("xms_edov"))) is True
    return email, verified


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def list_apps(self, request, provider=None, client_id=None):
        from allauth.socialaccount.models import SocialApp

        rows = active_providers()
        if provider not in (None, OIDC):
            rows = rows.filter(key=provider)
        if client_id:
            rows = rows.filter(client_id=client_id)
        return [
            SocialApp(provider=OIDC, provider_id=row.key, name=row.name, client_id=row.client_id, secret=row.client_secret,
                      settings={"server_url": row.issuer_url, "oauth_pkce_enabled": True, "uniform_kind": row.kind})
            for row in rows
        ]

    def pre_social_login(self, request, sociallogin):
        provider = provider_of(sociallogin.account.provider)
        if provider is None:
            refuse(request, "error")
        assert provider is not None  # noqa: S101 (for the type checker; refuse raises)
        if sociallogin.state.get("process") == "connect":
            refuse(request, "connect", provider)
        email, verified = claims_of(sociallogin, provider.kind)
        if not email or not verified:
            refuse(request, "unverified", provider, email)
        if email.rsplit("@", 1)[-1].lower() not in provider.domains:
            refuse(request, "domain", provider, email)
        user, reason = match_person(provider, email)
        if user is None:
            refuse(request, reason, provider, email)
        if sociallogin.is_existing:
            if sociallogin.user.pk != user.pk:
                refuse(request, "unknown", provider, email)
        else:
            sociallogin.connect(request, user)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        refuse(request, "error")
