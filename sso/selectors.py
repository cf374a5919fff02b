"""Reads for the social login (ADR 0026): the active providers and the person a verified
address logs in."""

from __future__ import annotations

from django.db.models import Q

from sso.models import LoginProvider


def active_providers():
    return LoginProvider.objects.filter(is_active=True).filter(
        Q(organisation__isnull=True) | Q(organisation__is_active=True)
    ).select_related("network", "organisation")


def provider_of(key: str) -> LoginProvider | None:
    return active_providers().filter(key=key).first()


def match_person(provider: LoginProvider, email: str):
    """The person this address logs in, or the reason why none: "unknown" or "scope"."""
    from tenancy.models import Membership, User

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return None, "unknown"
    memberships = list(Membership.objects.active().filter(user=user))
    inside = [m for m in memberships if m.network_id == provider.network_id
              and (provider.organisation_id is None or m.organisation_id == provider.organisation_id)]
    if not inside:
        return None, "unknown"
    if len(inside) != len(memberships):
        # A role elsewhere (another organisation, the network's coordination): this provider's
        # admin may not open it; that person logs in with a password or a code.
        return None, "scope"
    return user, ""
