"""Writes of login providers (ADR 0026). Views check access first (access.sso)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sso.models import LoginProvider

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
FIELDS = ("kind", "name", "issuer_url", "client_id", "allowed_domains", "enforces_mfa", "is_active")


def _clean(values: dict, *, new: bool) -> dict:
    errors: dict[str, list[str]] = {}
    issuer = (values.get("issuer_url") or "").strip().rstrip("/")
    if not issuer and values.get("kind") == LoginProvider.Kind.GOOGLE:
        issuer = LoginProvider.DEFAULT_ISSUERS[LoginProvider.Kind.GOOGLE]
    try:
        parts = urlsplit(issuer)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:  # "https://[" and the like
        scheme, host = "", None
    local = host in ("127.0.0.1", "localhost")
    if not host or any(c in issuer for c in "<> ") or scheme not in ("https", "http") or (scheme == "http" and not local):
        errors.setdefault("issuer_url", []).append(_("Give the provider's issuer URL, starting with https://."))
    domains = [d.strip().lower().lstrip("@") for d in (values.get("allowed_domains") or "").replace("\n", ",").split(",") if d.strip()]
    if not domains:
        errors.setdefault("allowed_domains", []).append(_("Name at least one email domain, for example school.be."))
    bad = [d for d in domains if not _DOMAIN.match(d)]
    if bad:
        errors.setdefault("allowed_domains", []).append(_("Not an email domain: %(domains)s.") % {"domains": ", ".join(bad)})
    if new and not (values.get("client_secret") or "").strip():
        errors.setdefault("client_secret", []).append(_("Give the client secret."))
    if errors:
        raise ValidationError(errors)
    return {**{k: values.get(k) for k in FIELDS}, "issuer_url": issuer, "allowed_domains": ", ".join(dict.fromkeys(domains)),
            "name": (values.get("name") or "").strip(), "client_id": (values.get("client_id") or "").strip()}


def check(values: dict, *, new: bool) -> None:
    """The refusals ``provider_create`` / ``provider_update`` would give, without writing: the
    form shows them together with its own (one round of corrections, not two)."""
    _clean(values, new=new)


@transaction.atomic
def provider_create(*, network, organisation, values: dict, by) -> LoginProvider:
    clean = _clean(values, new=True)
    return LoginProvider.objects.create(network=network, organisation=organisation,
                                        client_secret=values["client_secret"].strip(), **clean)


@transaction.atomic
def provider_update(*, provider: LoginProvider, values: dict, by) -> LoginProvider:
    clean = _clean(values, new=False)
    for name, value in clean.items():
        setattr(provider, name, value)
    secret = (values.get("client_secret") or "").strip()
    if secret:  # empty: keep the stored one (it is never shown back)
        provider.client_secret = secret
    provider.save()
    return provider


@transaction.atomic
def provider_delete(*, provider: LoginProvider, by) -> None:
    provider.delete()
