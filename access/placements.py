"""Who sees and does what with placement periods, places offered and asked, and placement
requests (access-policy.md, rows "places offered / demand" and "placement requests").

* The network's periods and the published offers: everyone of the network who plans
  (school admins, teachers, childcare admins) and the coordinator.
* Demand: the school's admins write their own school's; childcare admins and the coordinator
  read counts (the demand rows carry no student).
* Requests: the school's admins (their school's), the site's childcare admins (their sites').
  The coordinator sees counts only (``placements.dashboard``), never a request.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import (
    _filter,
    active_memberships,
    childcare_admin_org_ids,
    coordinator_network_ids,
    holds,
    school_admin_school_ids,
)
from access.policy import allows, if_allowed
from tenancy.models import Role


def placement_network_ids(user) -> set[int]:
    """Networks whose periods and offers the person reads."""
    roles = {Role.COORDINATOR, Role.SCHOOL_ADMIN, Role.TEACHER, Role.CHILDCARE_ADMIN}
    return {
        m.network_id for m in active_memberships(user)
        if m.role in roles and allows({m.role}, "placements.read")
    }


def placement_periods_visible_to(user) -> QuerySet:
    from placements.models import PlacementPeriod

    return PlacementPeriod.objects.filter(network_id__in=placement_network_ids(user))


def place_offers_visible_to(user) -> QuerySet:
    from placements.models import PlaceOffer

    return PlaceOffer.objects.filter(period__network_id__in=placement_network_ids(user))


def offer_sites(user) -> QuerySet:
    """The sites for which the person publishes places (their organisations' sites)."""
    from childcare.models import Site

    return Site.objects.filter(organisation_id__in=if_allowed(Role.CHILDCARE_ADMIN, "placements.offer", childcare_admin_org_ids(user)))


def demand_schools(user) -> set[int]:
    """Schools for which the person posts demand."""
    return if_allowed(Role.SCHOOL_ADMIN, "placements.demand", school_admin_school_ids(user))


def place_demands_visible_to(user) -> QuerySet:
    """Demand rows: the own school's (school admin); the network's (childcare admin,
    coordinator: counts, a demand row names no student)."""
    from placements.models import PlaceDemand

    parts: list[Q] = []
    if ids := demand_schools(user):
        parts.append(Q(school_id__in=ids))
    readers = {
        m.network_id for m in active_memberships(user)
        if m.role in (Role.CHILDCARE_ADMIN, Role.COORDINATOR) and allows({m.role}, "placements.demand_counts")
    }
    if readers:
        parts.append(Q(period__network_id__in=readers))
    return _filter(PlaceDemand.objects, parts)


def placement_requests_visible_to(user) -> QuerySet:
    """Requests of the school admin's schools and to the childcare admin's sites."""
    from placements.models import PlacementRequest

    parts: list[Q] = []
    if ids := if_allowed(Role.SCHOOL_ADMIN, "placements.request", school_admin_school_ids(user)):
        parts.append(Q(school_id__in=ids))
    if ids := if_allowed(Role.CHILDCARE_ADMIN, "placements.answer", childcare_admin_org_ids(user)):
        parts.append(Q(site__organisation_id__in=ids))
    return _filter(PlacementRequest.objects, parts)


def can_ask_placement(user, school_id: int) -> bool:
    return school_id in if_allowed(Role.SCHOOL_ADMIN, "placements.request", school_admin_school_ids(user))


def can_answer_placement(user, request) -> bool:
    """The site's childcare admins answer a request (accept, decline, propose another period)."""
    return request.site.organisation_id in if_allowed(Role.CHILDCARE_ADMIN, "placements.answer", childcare_admin_org_ids(user))


def can_open_placements(user) -> bool:
    return holds(user, "placements.read")


def dashboard_network_ids(user) -> set[int]:
    """Networks whose dashboard (counts only) the person reads."""
    return if_allowed(Role.COORDINATOR, "placements.dashboard", coordinator_network_ids(user))


def period_network_ids(user) -> set[int]:
    """Networks whose placement periods the person sets."""
    return if_allowed(Role.COORDINATOR, "placements.periods", coordinator_network_ids(user))


def site_mentor_users(site):
    """The active mentors of a site, for its childcare admin to choose who takes the intern."""
    from tenancy.models import User

    return User.objects.filter(
        is_active=True, memberships__site=site, memberships__role=Role.MENTOR, memberships__is_active=True
    ).distinct().order_by("full_name")
