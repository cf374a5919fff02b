"""Reads for placements: the lists of the school and childcare admins, and the coordinator's
network dashboard (counts only: no query here returns a student to the coordinator).

The dashboard makes a fixed number of queries, whatever the number of periods, sites or
internships: one per kind of figure (periods, offers, demand, filled places, requests, mentors).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from childcare.models import Site
from internships.models import Internship
from placements.models import PlaceDemand, PlacementPeriod, PlacementRequest, PlaceOffer
from tenancy.models import Network

NO_PREFERENCE = "—"


# --------------------------------------------------------------------------- the admins' page


def periods_for(user, network_id: int | None = None):
    """The periods the person plans in: those not over yet."""
    qs = access.placement_periods_visible_to(user).filter(end_date__gte=timezone.localdate())
    if network_id is not None:
        qs = qs.filter(network_id=network_id)
    return qs.order_by("start_date", "name")


def offers_for(user):
    """Published places of periods not over yet, with the places already taken (two queries)."""
    offers = list(
        access.place_offers_visible_to(user)
        .filter(period__end_date__gte=timezone.localdate(), site__organisation__is_active=True)
        .select_related("site", "site__organisation", "period", "capacity")
        .order_by("period__start_date", "site__city", "site__name")
    )
    filled = _filled_per_site_period({o.site_id for o in offers}, {o.period for o in offers})
    for offer in offers:
        offer.places = offer.capacity.places
        offer.taken = filled.get((offer.site_id, offer.period_id), 0)
        offer.free = max(0, offer.places - offer.taken)
    return offers


def demands_for(user):
    return access.place_demands_visible_to(user).filter(period__end_date__gte=timezone.localdate()).select_related("school", "period", "programme").order_by(
        "period__start_date", "school__name", "created_at"
    )


def requests_for(user):
    return (
        access.placement_requests_visible_to(user)
        .select_related("school", "site", "period", "counter_period")
        .annotate(n_students=Count("students"))
        .order_by("-updated_at")
    )


def request_detail(user, pk):
    """The request with its students and history, or None when it is not the person's."""
    return (
        access.placement_requests_visible_to(user)
        .select_related("school", "site", "site__organisation", "period", "counter_period", "counter_mentor", "teacher", "programme")
        .prefetch_related("students__group", "events__by", "events__period", "internships")
        .filter(pk=pk)
        .first()
    )


# --------------------------------------------------------------------------- counting


def _filled_per_site_period(site_ids, periods) -> dict[tuple[int, int], int]:
    """(site, period) → internships holding a place in it: overlapping the period, every status
    but closed before the planned end (a stopped internship freed its place). One query."""
    periods = list(periods)
    if not periods or not site_ids:
        return {}
    today = timezone.localdate()
    holding = ~Q(status=Internship.Status.CLOSED, end_date__gt=today)
    annotations = {
        f"p{p.pk}": Count("pk", filter=holding & Q(start_date__lte=p.end_date, end_date__gte=p.start_date)) for p in periods
    }
    result = {}
    for row in Internship.objects.filter(site_id__in=list(site_ids)).values("site_id").annotate(**annotations).order_by():
        for p in periods:
            result[(row["site_id"], p.pk)] = row[f"p{p.pk}"]
    return result


@dataclass
class Figures:
    """Offered vs asked vs filled for one slice (a period, a municipality, a kind, a year)."""

    label: str
    offered: int = 0
    asked: int = 0
    filled: int = 0
    key: str = ""

    @property
    def shortage(self) -> int:
        """Students asked for whom no place is offered."""
        return max(0, self.asked - self.offered)

    @property
    def free(self) -> int:
        return max(0, self.offered - self.filled)


@dataclass
class SiteMentors:
    site: Site
    mentors: int
    trained: int
    interns: int

    @property
    def needs_training(self) -> bool:
        return self.interns > 0 and self.trained == 0


@dataclass
class Dashboard:
    network: Network
    periods: list[PlacementPeriod]
    period: PlacementPeriod | None
    per_period: list[Figures]
    per_year: list[Figures]
    per_municipality: list[Figures]
    per_kind: list[Figures]
    requests: dict[str, int] = field(default_factory=dict)
    mentors: list[SiteMentors] = field(default_factory=list)

    @property
    def current(self) -> Figures | None:
        return next((f for f in self.per_period if self.period and f.key == str(self.period.pk)), None)

    @property
    def request_rows(self) -> list[tuple[str, int]]:
        """(status label, number of requests) for the chosen period."""
        return [(str(label), self.requests.get(value, 0)) for value, label in PlacementRequest.Status.choices]

    @property
    def sites_without_trained(self) -> list[SiteMentors]:
        return [m for m in self.mentors if m.needs_training]


def dashboard_networks(user) -> list[Network]:
    return list(Network.objects.filter(pk__in=access.dashboard_network_ids(user)).order_by("name"))


def default_period(periods: list[PlacementPeriod]) -> PlacementPeriod | None:
    """The next period (the one being planned), else the one running today, else the last."""
    today = timezone.localdate()
    upcoming = [p for p in periods if p.start_date > today]
    running = [p for p in periods if p.start_date <= today <= p.end_date]
    candidates = upcoming or running or periods[-1:]
    return candidates[0] if candidates else None


def network_dashboard(user, network: Network, period_pk: int | None = None) -> Dashboard:
    """The coordinator's figures for one network they coordinate (the caller checks that)."""
    assert network.pk in access.dashboard_network_ids(user)
    periods = list(PlacementPeriod.objects.filter(network=network).order_by("start_date", "name"))
    period = next((p for p in periods if p.pk == period_pk), None) or default_period(periods)
    sites = {s.pk: s for s in Site.objects.filter(organisation__network=network, organisation__is_active=True).select_related("organisation")}

    offered: dict[tuple[int, int], int] = {}
    for site_id, period_id, places in PlaceOffer.objects.filter(period__network=network).values_list(
        "site_id", "period_id", "capacity__places"
    ):
        offered[(site_id, period_id)] = places
    filled = _filled_per_site_period(sites.keys(), periods)
    demand = list(
        PlaceDemand.objects.filter(period__network=network)
        .values("period_id", "municipality", "site_kind")
        .annotate(n=Sum("students"))
        .order_by()
    )

    per_period = {p.pk: Figures(p.name, key=str(p.pk)) for p in periods}
    for (_site, period_id), places in offered.items():
        per_period[period_id].offered += places
    for (_site, period_id), n in filled.items():
        per_period[period_id].filled += n
    for row in demand:
        per_period[row["period_id"]].asked += row["n"] or 0

    per_year: dict[str, Figures] = {}
    for p in periods:
        year = per_year.setdefault(p.school_year, Figures(p.school_year, key=p.school_year))
        f = per_period[p.pk]
        year.offered, year.asked, year.filled = year.offered + f.offered, year.asked + f.asked, year.filled + f.filled

    municipalities: dict[str, Figures] = {}
    kinds: dict[str, Figures] = {k: Figures(str(label), key=k) for k, label in Site.Kind.choices}
    if period is not None:
        for site in sites.values():
            city = site.city or NO_PREFERENCE
            m = municipalities.setdefault(city, Figures(city, key=city))
            k = kinds[site.kind]
            for figures in (m, k):
                figures.offered += offered.get((site.pk, period.pk), 0)
                figures.filled += filled.get((site.pk, period.pk), 0)
        for row in demand:
            if row["period_id"] != period.pk:
                continue
            city = row["municipality"] or NO_PREFERENCE
            municipalities.setdefault(city, Figures(city if row["municipality"] else _("no preference"), key=city)).asked += row["n"] or 0
            kind = kinds.get(row["site_kind"]) or kinds.setdefault(NO_PREFERENCE, Figures(_("no preference"), key=NO_PREFERENCE))
            kind.asked += row["n"] or 0

    requests: dict[str, int] = {}
    if period is not None:
        requests = dict(
            PlacementRequest.objects.filter(period=period).values_list("status").annotate(n=Count("pk")).order_by()
        )
    return Dashboard(
        network=network,
        periods=periods,
        period=period,
        per_period=list(per_period.values()),
        per_year=list(per_year.values()),
        per_municipality=sorted(municipalities.values(), key=lambda f: (f.key == NO_PREFERENCE, f.label)),
        per_kind=[f for f in kinds.values() if f.offered or f.asked or f.filled],
        requests={value: requests.get(value, 0) for value in PlacementRequest.Status.values},
        mentors=_mentors(network, list(sites.values())),
    )


def _mentors(network: Network, sites: list[Site]) -> list[SiteMentors]:
    """Per site: active mentors, trained mentors (training.selectors), interns now."""
    from training.selectors import trained_mentors_per_site

    trained = trained_mentors_per_site([network.pk])
    today = timezone.localdate()
    interns = dict(
        Internship.objects.filter(site__in=sites, start_date__lte=today, end_date__gte=today)
        .exclude(status__in=[Internship.Status.CLOSED, Internship.Status.PLANNED])
        .values_list("site_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        SiteMentors(site=s, trained=trained.get(s.pk, (0, 0))[0], mentors=trained.get(s.pk, (0, 0))[1], interns=interns.get(s.pk, 0))
        for s in sites
    ]
    return sorted(rows, key=lambda r: (not r.needs_training, r.site.city, r.site.name))


def network_municipalities(network_id: int) -> list[str]:
    """The municipalities of the network's sites (for a school's preference)."""
    return sorted(
        {c for c in Site.objects.filter(organisation__network_id=network_id).values_list("city", flat=True) if c}
    )


def network_sites_with_offers(network_id: int):
    """Sites of the network that published places, for a school's request."""
    return (
        Site.objects.filter(organisation__network_id=network_id, organisation__is_active=True, place_offers__isnull=False)
        .select_related("organisation").distinct().order_by("city", "name")
    )
