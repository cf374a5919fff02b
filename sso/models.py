"""A login provider (OpenID Connect) of a network or of one organisation (ADR 0026).

allauth reads these rows through ``sso.adapter.SocialAccountAdapter.list_apps``: each active
provider is an ``openid_connect`` app whose provider id is ``key`` (so its redirect URI is
``/accounts/oidc/<key>/login/callback/``)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy.models import Network, Organisation


def _new_key() -> str:
    return "u" + secrets.token_hex(5)


class LoginProvider(models.Model):
    class Kind(models.TextChoices):
        MICROSOFT = "microsoft", _("Microsoft 365 / Entra ID")
        GOOGLE = "google", _("Google Workspace")
        OIDC = "oidc", _("Other OpenID Connect provider")

    #: The issuer each kind starts from (Microsoft: the tenant's own, see the README).
    DEFAULT_ISSUERS = {
        Kind.GOOGLE: "https://accounts.google.com",
        Kind.MICROSOFT: "https://login.microsoftonline.com/<tenant-id>/v2.0",
    }

    key = models.SlugField(_("key"), max_length=40, unique=True, default=_new_key, editable=False)
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="login_providers")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="login_providers", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OIDC)
    name = models.CharField(_("name on the button"), max_length=80)
    issuer_url = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=300)
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    allowed_domains = models.CharField(_("allowed email domains"), max_length=500)
    enforces_mfa = models.BooleanField(_("the provider enforces a second factor"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("login provider")
        verbose_name_plural = _("login providers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d for d in (part.strip().lower().lstrip("@") for part in self.allowed_domains.replace("\n", ",").split(",")) if d]

    @property
    def secret_hint(self) -> str:
        """The secret as shown after saving: never in full."""
        if not self.client_secret:
            return ""
        return "••••" + self.client_secret[-4:] if len(self.client_secret) >= 12 else "••••"

    @property
    def callback_path(self) -> str:
        return f"/accounts/oidc/{self.key}/login/callback/"
