"""Rater calibration: whose ratings a person may compare with the network's, and the calibration
exercise of mentor training (cases on a training session).

What a scope shows is aggregates only (calibration.selectors applies the rule of five students);
the scope decides *which* raters' aggregates: the coordinator every mentor and site of the
network, the childcare admin the mentors and sites of their organisation, the coach their sites,
the mentor themselves. Each scope is compared with its whole network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from access.memberships import _filter, active_memberships, coordinator_network_ids, network_ids_of, roles_of
from access.policy import allows
from tenancy.models import Role


@dataclass(frozen=True)
class CalibrationScope:
    """One view of the calibration page: whose aggregates, compared with which network."""

    key: str
    kind: str  # "network" | "organisation" | "sites" | "self"
    network_id: int
    network_name: str
    label: str
    org_ids: frozenset[int] = field(default_factory=frozenset)
    site_ids: frozenset[int] = field(default_factory=frozenset)
    rater_id: int | None = None

    @property
    def shows_sites(self) -> bool:
        return self.kind != "self"

    def rows(self, internship: str, rater: str) -> Q:
        """The rating rows of this scope; ``internship`` and ``rater`` are the lookups from the
        rating to its internship and to the mentor who gave it."""
        q = Q(**{f"{internship}__school__network_id": self.network_id})
        if self.kind == "organisation":
            q &= Q(**{f"{internship}__site__organisation_id__in": self.org_ids})
        elif self.kind == "sites":
            q &= Q(**{f"{internship}__site_id__in": self.site_ids})
        elif self.kind == "self":
            q &= Q(**{rater: self.rater_id})
        return q


_KIND_ORDER = {"network": 0, "organisation": 1, "sites": 2, "self": 3}


def calibration_scopes(user) -> list[CalibrationScope]:
    """The scopes the person may open, widest first (a person with several roles gets each)."""
    scopes: dict[str, CalibrationScope] = {}
    coached: dict[int, list] = {}
    for m in active_memberships(user):
        if not allows({m.role}, "calibration.read"):
            continue
        net = m.network
        if m.role == Role.COORDINATOR:
            scopes[f"network-{net.pk}"] = CalibrationScope(f"network-{net.pk}", "network", net.pk, net.name, net.name)
        elif m.role == Role.CHILDCARE_ADMIN and m.organisation is not None:
            key = f"org-{m.organisation_id}"
            scopes[key] = CalibrationScope(key, "organisation", net.pk, net.name, m.organisation.name,
                                           org_ids=frozenset({m.organisation.pk}))
        elif m.role == Role.COACH and m.site_id:
            coached.setdefault(net.pk, []).append(m)
        elif m.role == Role.MENTOR:
            key = f"self-{net.pk}"
            scopes[key] = CalibrationScope(key, "self", net.pk, net.name, user.full_name or user.email, rater_id=user.pk)
    for network_id, ms in coached.items():
        key = f"sites-{network_id}"
        scopes[key] = CalibrationScope(key, "sites", network_id, ms[0].network.name, ", ".join(sorted(m.site.name for m in ms)),
                                       site_ids=frozenset(m.site_id for m in ms))
    return sorted(scopes.values(), key=lambda s: (_KIND_ORDER[s.kind], s.network_name, s.label))


def can_open_calibration(user) -> bool:
    return allows(roles_of(user), "calibration.read")


# --------------------------------------------------------------------------- calibration cases


def cases_visible_to(user) -> QuerySet:
    """Calibration cases on training sessions: every case of the network for its coordinators,
    the cases of their course for its confirmed participants."""
    from training.models import CalibrationCase, Registration

    parts: list[Q] = []
    if ids := coordinator_network_ids(user):
        if allows({Role.COORDINATOR}, "training.case_manage"):
            parts.append(Q(session__course__network_id__in=ids))
    if (ids := network_ids_of(user)) and allows(roles_of(user), "training.case_rate"):
        courses = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED, course__network_id__in=ids)
        parts.append(Q(session__course__in=courses.values("course_id")))
    return _filter(CalibrationCase.objects, parts)


def can_rate_case(user, case) -> bool:
    """Confirmed participants of the case's course rate it (not the coordinator who set it)."""
    from training.models import Registration

    return allows(roles_of(user), "training.case_rate") and Registration.objects.filter(
        user=user, course_id=case.session.course_id, status=Registration.Status.CONFIRMED,
    ).exists()
