"""Reminders: the coordinator's schedule of the network, an organisation's opt-out, and the
people a personal calendar feed may show."""

from __future__ import annotations

from django.db.models import QuerySet

from access.memberships import childcare_admin_org_ids, coordinator_network_ids, roles_of, school_admin_school_ids
from access.policy import allows
from tenancy.models import Network, Organisation


def reminder_networks(user) -> QuerySet[Network]:
    """The networks whose reminder schedule the person sets (the ones they coordinate)."""
    if not allows(roles_of(user), "reminders.schedule"):
        return Network.objects.none()
    return Network.objects.filter(pk__in=coordinator_network_ids(user))


def reminder_organisations(user) -> QuerySet[Organisation]:
    """The schools and childcare organisations for which the person may turn reminders off:
    those they are an admin of."""
    if not allows(roles_of(user), "reminders.opt_out"):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=school_admin_school_ids(user) | childcare_admin_org_ids(user))
