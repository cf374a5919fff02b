"""Notifications: one's own for everyone; who-sent-what for school and childcare admins (their
internships); counts per kind and week, without names, for the coordinator."""

from __future__ import annotations

from django.db.models import QuerySet

from access.internships import internships_through
from access.memberships import coordinator_network_ids, roles_of
from access.policy import allows
from internships.models import Internship
from tenancy.models import Role


def notification_internships(user) -> QuerySet[Internship] | None:
    """The internships whose notifications the person may see (who was sent what), or None
    when no role of theirs holds "notifications.sent"."""
    roles = [r for r in (Role.SCHOOL_ADMIN, Role.CHILDCARE_ADMIN) if r in roles_of(user) and allows({r}, "notifications.sent")]
    if not roles:
        return None
    qs = internships_through(user, roles[0])
    for role in roles[1:]:
        qs = qs | internships_through(user, role)
    return qs.distinct()


def notification_count_networks(user) -> set[int]:
    """The networks whose notification counts the person sees (coordinators)."""
    return coordinator_network_ids(user) if allows(roles_of(user), "notifications.counts") else set()
