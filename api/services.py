"""Writes of the API tokens: make one (the secret is returned once), revoke one, mark its use."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from api.selectors import PREFIX, hash_secret

MAX_LIFETIME = timedelta(days=366)
#: How often ``last_used_at`` is written (not on every request).
USE_GRANULARITY = timedelta(minutes=5)


@transaction.atomic
def token_create(*, user, name: str, scope: str, expires_at) -> tuple[ApiToken, str]:
    """A new token and its secret: the only time the secret exists outside the caller."""
    now = timezone.now()
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = _("Give the token a name, so you know later what it is for.")
    if expires_at is None or expires_at <= now:
        errors["expires_at"] = _("The expiry date must be in the future.")
    elif expires_at > now + MAX_LIFETIME:
        errors["expires_at"] = _("A token lives at most one year.")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choose read only or read and write.")
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken(user=user, name=name.strip(), scope=scope, expires_at=expires_at,
                     secret_hash=hash_secret(secret), prefix=secret[:8])
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_used(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
