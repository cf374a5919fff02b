"""Personal access tokens for the API (ADR 0027).

The secret is ``unf_`` + 40 random URL-safe characters. Only its SHA-256 is stored: the person
sees the secret once, on the page that made it; a stolen database gives no working token."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.READ)
    #: SHA-256 (hex) of the secret; the secret itself is never stored.
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: The first characters of the secret (``unf_ab12``), so the person recognises it in a list.
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
