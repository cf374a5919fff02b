"""Reads for the childcare pages. Every builder starts from what ``access`` grants and
makes a fixed number of queries, however many sites, mentors or interns there are.

Who sees what here (access-policy.md, row "childcare org"):

* the organisation's childcare admins: all its sites, mentors and coaches (also deactivated
  ones, to reactivate them), all interns of its sites;
* a coach: their own sites with the active mentors and coaches there;
* a mentor: their own site with the active mentors and coaches there.

School admins and teachers may *pick* any site of the network for an internship (that is
``access.sites_visible_to``), but these management pages with all interns of a site are not
theirs: for them a site here is "not yours" (404).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

import access
from childcare.models import Site, SiteCapacity
from internships.models import Internship
from tenancy.models import Membership, Organisation, Role

STAFF_ROLES = (Role.MENTOR, Role.COACH)


# Who sees what lives in access/ (childcare_sites_visible_to and friends).
staff_site_ids = access.staff_site_ids
can_open_childcare = access.can_open_childcare
sites_managed_or_staffed = access.childcare_sites_visible_to
capacity_periods_visible_to = access.capacity_periods_visible_to
staff_memberships_visible_to = access.staff_memberships_visible_to


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def school_year_around(today: date) -> Period:
    """The school year (1 September – 30 June) around ``today``. In July and August that is the
    coming school year: the last one is over and the admin plans the next."""
    first_year = today.year if today.month >= 7 else today.year - 1
    return Period(date(first_year, 9, 1), date(first_year + 1, 6, 30))


def _overlapping(qs, period: Period):
    return qs.filter(start_date__lte=period.end, end_date__gte=period.start)


def offered_places(site: Site, periods: list[SiteCapacity], period: Period) -> int:
    """The places a site offers in ``period``: the places of every capacity period that overlaps
    it, plus the site's default places when some day of it has no capacity period.

    ``periods`` are the site's capacity periods (any order; those outside ``period`` are ignored).
    """
    overlapping = sorted(
        (p for p in periods if p.start_date <= period.end and p.end_date >= period.start), key=lambda p: p.start_date
    )
    offered = sum(p.places for p in overlapping)
    # Periods of a site never overlap; look for a gap between them (no date arithmetic, so
    # no overflow at the ends of the calendar).
    gap = not overlapping or overlapping[0].start_date > period.start or overlapping[-1].end_date < period.end
    for before, after in zip(overlapping, overlapping[1:], strict=False):
        if (after.start_date - before.end_date).days > 1:
            gap = True
    return offered + (site.capacity if gap else 0)


@dataclass
class SiteUse:
    """A site in a period: places offered, internships that take one, and the difference."""

    site: Site
    periods: list[SiteCapacity]
    offered: int
    used: int

    @property
    def over(self) -> bool:
        return self.used > self.offered

    @property
    def free(self) -> int:
        return max(0, self.offered - self.used)

    @property
    def percent(self) -> int:
        if not self.offered:
            return 100 if self.used else 0
        return min(100, round(self.used * 100 / self.offered))


def _used_counts(site_ids, period: Period) -> dict[int, int]:
    """Internships that take a place (every status but closed) overlapping the period, per site."""
    return dict(
        _overlapping(Internship.objects.filter(site_id__in=site_ids), period)
        .exclude(status=Internship.Status.CLOSED)
        .values_list("site_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def site_uses(sites: list[Site], period: Period) -> list[SiteUse]:
    """Offered vs used for each site in the period: two queries in all."""
    ids = [s.pk for s in sites]
    periods = defaultdict(list)
    for capacity in SiteCapacity.objects.filter(site_id__in=ids).order_by("start_date"):
        periods[capacity.site_id].append(capacity)
    used = _used_counts(ids, period)
    return [
        SiteUse(site=s, periods=periods[s.pk], offered=offered_places(s, periods[s.pk], period), used=used.get(s.pk, 0))
        for s in sites
    ]


def over_capacity_after_planning(site: Site, start: date, end: date) -> SiteUse | None:
    """The site's use for a just planned period when it is now over capacity (counts only: the
    school sees how many, not whose), else None. Planning stays possible: the childcare admin
    may add places; the school is told at once instead of finding out later."""
    use = site_uses([site], Period(start, end))[0]
    return use if use.over else None


# --------------------------------------------------------------------------- pages


@dataclass
class OrganisationBlock:
    organisation: Organisation
    can_manage: bool
    sites: list[Site] = field(default_factory=list)
    staff: list[Membership] = field(default_factory=list)

    @property
    def mentors(self) -> list[Membership]:
        return [m for m in self.staff if m.role == Role.MENTOR]

    @property
    def coaches(self) -> list[Membership]:
        return [m for m in self.staff if m.role == Role.COACH]


def childcare_overview(user) -> list[OrganisationBlock]:
    """The /childcare/ page: per organisation the sites and the mentors and coaches the person
    may see. Three queries."""
    admin_org_ids = access.childcare_admin_org_ids(user)
    blocks: dict[int, OrganisationBlock] = {}
    sites = (
        sites_managed_or_staffed(user)
        .select_related("organisation")
        .annotate(
            n_mentors=Count("memberships", filter=Q(memberships__role=Role.MENTOR, memberships__is_active=True)),
        )
        .order_by("organisation__name", "name")
    )
    for site in sites:
        org = site.organisation
        block = blocks.setdefault(org.pk, OrganisationBlock(org, can_manage=org.pk in admin_org_ids))
        block.sites.append(site)
    for membership in (
        staff_memberships_visible_to(user)
        .select_related("user", "site")
        .order_by("-is_active", "site__name", "role", "user__full_name", "user__email")
    ):
        if membership.organisation_id in blocks:
            blocks[membership.organisation_id].staff.append(membership)
    _mark_trained([m for b in blocks.values() for m in b.staff], user)
    return sorted(blocks.values(), key=lambda b: (not b.can_manage, b.organisation.name))


def _mark_trained(memberships: list[Membership], user) -> None:
    """Set ``trained_since`` on each mentor membership (one query): "trained mentor since ..."."""
    from training.selectors import trained_since

    since = trained_since({m.user_id for m in memberships}, network_ids=access.network_ids_of(user))
    for membership in memberships:
        membership.trained_since = since.get(membership.user_id) if membership.role == Role.MENTOR else None


def site_staff(user, site: Site) -> list[Membership]:
    staff = list(
        staff_memberships_visible_to(user)
        .filter(site=site)
        .select_related("user")
        .order_by("-is_active", "role", "user__full_name", "user__email")
    )
    _mark_trained(staff, user)
    return staff


def site_internships(user, site: Site, period: Period) -> QuerySet[Internship]:
    """The internships at the site overlapping the period that the person may open (a mentor:
    their own interns only), with what the table shows: student, school, mentor (the nine
    relations of ``internships_with_people`` made PostgreSQL plan a page of 25 for 5.6 ms,
    longer than it ran; ADR 0021)."""
    qs = _overlapping(access.internships_visible_to(user).filter(site=site), period)
    return qs.select_related("student", "school", "mentor").order_by("start_date", "student__last_name", "student__first_name", "pk")


def site_use(site: Site, period: Period) -> SiteUse:
    return site_uses([site], period)[0]


def capacity_overview(user, period: Period) -> list[tuple[Organisation, list[SiteUse]]]:
    """Offered vs used per site of the admin's organisations: three queries."""
    sites = list(
        access.managed_sites(user)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    by_org: dict[int, tuple[Organisation, list[SiteUse]]] = {}
    for use in site_uses(sites, period):
        org = use.site.organisation
        by_org.setdefault(org.pk, (org, []))[1].append(use)
    return list(by_org.values())
