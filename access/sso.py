"""Login providers (ADR 0026): the coordinator configures their network's, a school's or
childcare organisation's admin their organisation's. Nobody sees another's (404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import childcare_admin_org_ids, coordinator_network_ids, school_admin_school_ids
from tenancy.models import Network, Organisation


def sso_networks(user) -> QuerySet[Network]:
    """The networks for which the person configures network-wide providers (they coordinate)."""
    return Network.objects.filter(pk__in=coordinator_network_ids(user))


def sso_organisations(user) -> QuerySet[Organisation]:
    """The organisations for which the person configures providers (they are its admin)."""
    return Organisation.objects.filter(pk__in=school_admin_school_ids(user) | childcare_admin_org_ids(user), is_active=True)


def can_configure_sso(user) -> bool:
    return bool(coordinator_network_ids(user) or school_admin_school_ids(user) or childcare_admin_org_ids(user))


def login_providers_visible_to(user):
    """The providers the person configures: their networks' network-wide ones and their
    organisations' own."""
    from sso.models import LoginProvider

    return LoginProvider.objects.filter(
        Q(organisation__isnull=True, network_id__in=coordinator_network_ids(user))
        | Q(organisation_id__in=school_admin_school_ids(user) | childcare_admin_org_ids(user))
    ).select_related("network", "organisation")
