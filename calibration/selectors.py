"""Rater calibration: how the levels given by mentors (and at sites) are distributed per catalogue
cluster, compared with the whole network at the same moment of the internship.

Everything is aggregated in the database (GROUP BY); a page makes the same few queries whatever
the number of ratings, mentors or sites (``calibration_report``: eight). What reaches a page are
counts, means and differences, never a rating of one student: a group (the network, a mentor, a
site, a scope) behind fewer than ``MIN_STUDENTS`` students shows "too little data" instead.

Moments: an evaluation counts at its kind (midterm, final), a feedback sheet at its week of the
internship (weeks 1–4, 5 and later: a sheet rates only some indicators, so finer steps would
rarely reach five students). Only what is final counts: signed (locked)
evaluations that no later revision corrects, and shared feedback sheets.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import CalibrationScope
from catalogue.models import CatalogueVersion, Cluster, RatingLevel
from evaluations.models import Evaluation, EvaluationRating, FeedbackRating

MIN_STUDENTS = 5
#: A rater whose standardised difference (Cohen's d against the network) is at least this far
#: from 0 rates "systematically" higher or lower.
FLAG_D = 0.5

SOURCE_KEYS = ("evaluations", "sheets")


@dataclass(frozen=True)
class Source:
    key: str
    label: Any  # a lazy translation
    model: type
    internship: str  # lookup from the rating to its internship
    rater: str  # lookup from the rating to the mentor who gave it
    final: Q  # only what is final counts
    moments: tuple[tuple[Any, Any], ...]

    def moment(self):
        if self.key == "evaluations":
            return F("evaluation__kind")
        start = F("sheet__internship__start_date")
        return Case(
            When(sheet__date__lt=start + timedelta(days=28), then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        )


SOURCES = {
    "evaluations": Source(
        "evaluations", _("Evaluations"), EvaluationRating, "evaluation__internship", "evaluation__mentor_signed_by",
        # "No later revision corrects it" as NOT EXISTS: the LEFT JOIN … IS NULL that
        # ``corrected_by__isnull`` makes was estimated at one row, and PostgreSQL chose nested
        # loops over every rating of the network (17 s per query at region size, ADR 0021).
        Q(evaluation__locked_at__isnull=False, level__isnull=False)
        & Q(~Exists(Evaluation.objects.filter(revision_of=OuterRef("evaluation_id")))),
        (("midterm", _("Midterm evaluation")), ("final", _("Final evaluation"))),
    ),
    "sheets": Source(
        "sheets", _("Feedback sheets"), FeedbackRating, "sheet__internship", "sheet__author",
        Q(sheet__status="shared", level__isnull=False),
        ((1, _("Weeks 1–4 of the internship")), (2, _("Week 5 and later"))),
    ),
}


# --------------------------------------------------------------------------- statistics


@dataclass
class Dist:
    """The levels given in one group: counts per level value and the number of students."""

    counts: dict[int, int] = field(default_factory=dict)
    students: int = 0

    def add(self, value: int, n: int) -> None:
        self.counts[value] = self.counts.get(value, 0) + n

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def enough(self) -> bool:
        return self.students >= MIN_STUDENTS

    @property
    def mean(self) -> float:
        return sum(v * k for v, k in self.counts.items()) / self.n if self.n else 0.0

    @property
    def sd(self) -> float:
        """Standard deviation of the levels (population)."""
        if not self.n:
            return 0.0
        mean = self.mean
        return math.sqrt(sum(k * (v - mean) ** 2 for v, k in self.counts.items()) / self.n)

    def share(self, value: int) -> float:
        return self.counts.get(value, 0) / self.n if self.n else 0.0

    @property
    def segments(self) -> list[dict]:
        return segments(self)

    @property
    def mean_text(self) -> str:
        from django.utils.formats import number_format

        return number_format(round(self.mean, 1), 1)


@dataclass(frozen=True)
class Deviation:
    """A group's mean level minus the network's at the same moment, on the catalogue's scale;
    ``d``: that difference in the network's standard deviations; ``n``: the ratings it rests on."""

    diff: float
    d: float | None
    n: int
    students: int

    @property
    def text(self) -> str:
        return signed(self.diff)

    @property
    def d_text(self) -> str:
        return signed(self.d) if self.d is not None else "–"

    @property
    def bar(self) -> dict:
        return diverging(self)

    @property
    def flag(self) -> str:
        score = self.d if self.d is not None else self.diff
        if score >= FLAG_D:
            return "higher"
        if score <= -FLAG_D:
            return "lower"
        return ""


def deviation(group: Dist, network: Dist) -> Deviation | None:
    """None when the group (or the network) rests on fewer than MIN_STUDENTS students."""
    if not group.enough or not network.enough:
        return None
    diff = group.mean - network.mean
    return Deviation(diff, diff / network.sd if network.sd else None, group.n, group.students)


def overall(cells: list[tuple[Deviation | None, Dist]]) -> Deviation | None:
    """A group's deviation over every cluster where it has enough data, each cluster weighted
    by the group's ratings in it (so a different mix of clusters does not count as rating
    differently); the students are those of its best-covered cluster (a lower bound)."""
    shown = [dev for dev, _ in cells if dev is not None]
    if not shown:
        return None
    n = sum(dev.n for dev in shown)
    diff = sum(dev.diff * dev.n for dev in shown) / n
    ds = [(dev.d, dev.n) for dev in shown if dev.d is not None]
    d = sum(value * k for value, k in ds) / sum(k for _v, k in ds) if ds else None
    return Deviation(diff, d, n, max(dev.students for dev in shown))


# --------------------------------------------------------------------------- the report


@dataclass
class Row:
    """A mentor or a site: their deviation per cluster and overall, at one moment."""

    key: int
    name: str
    detail: str
    cells: list[Deviation | None]
    total: Deviation | None
    dists: list[Dist]


@dataclass
class MomentBlock:
    key: object
    label: str
    network: list[Dist]  # per cluster
    scope: list[Dist] | None  # per cluster, for a scope narrower than the network
    mentors: list[Row]
    sites: list[Row]
    clusters: list[dict] = field(default_factory=list)

    @property
    def lines(self) -> list[dict]:
        """Per cluster: the network's distribution and the scope's (when narrower)."""
        return [
            {"cluster": c, "network": self.network[i], "scope": self.scope[i] if self.scope is not None else None}
            for i, c in enumerate(self.clusters)
        ]

    @property
    def groups(self) -> list[tuple[str, list[Row]]]:
        return [("mentors", self.mentors), ("sites", self.sites)]


@dataclass
class Report:
    scope: CalibrationScope
    source: Source
    clusters: list[dict]  # programme, code, title
    levels: list[dict]  # value, label
    moments: list[MomentBlock]
    #: When the figures were counted, if they come from the cache (a region's network: counted
    #: at night); None when counted for this page.
    computed_at: Any = None

    @property
    def has_data(self) -> bool:
        return any(d.n for block in self.moments for d in block.network)


def _key(row) -> tuple:
    return (row["programme"], row["cluster"], row["moment"])


def calibration_report(scope: CalibrationScope, source_key: str, *, recount: bool = False) -> Report:
    """The calibration page of one scope and one source, in eight queries (fewer when a region's
    aggregates come from the cache; ``recount``: count them again and keep them)."""
    source = SOURCES[source_key]
    rows = source.model.objects.filter(source.final)  # type: ignore[attr-defined]
    group = {
        "programme": F(f"{source.internship}__catalogue_version__programme_id"),
        "cluster": F("indicator__cluster__code"),
        "moment": source.moment(),
    }
    student = f"{source.internship}__student_id"
    network = rows.filter(**{f"{source.internship}__school__network_id": scope.network_id})
    mine = rows.filter(scope.rows(source.internship, source.rater))

    network_rows, network_at = _aggregated(f"{source.key}:net-{scope.network_id}", force=recount, compute=lambda: {
        "levels": list(network.values(**group, value=F("level__value")).annotate(n=Count("pk")).order_by()),
        "students": list(network.values(**group).annotate(students=Count(student, distinct=True)).order_by()),
    })
    net: dict[tuple, Dist] = defaultdict(Dist)
    for r in network_rows["levels"]:
        net[_key(r)].add(r["value"], r["n"])
    for r in network_rows["students"]:
        net[_key(r)].students = r["students"]

    def scope_rows() -> dict[str, list[dict]]:
        fine = mine.values(
            **group, value=F("level__value"), rater=F(source.rater), rater_name=F(f"{source.rater}__full_name"),
            site=F(f"{source.internship}__site_id"), site_name=F(f"{source.internship}__site__name"),
            org_name=F(f"{source.internship}__site__organisation__name"),
        ).annotate(n=Count("pk")).order_by()
        out = {
            "fine": list(fine),
            "raters": list(mine.values(**group, rater=F(source.rater)).annotate(students=Count(student, distinct=True)).order_by()),
            "sites": [], "whole": [],
        }
        if scope.shows_sites:
            out["sites"] = list(mine.values(**group, site=F(f"{source.internship}__site_id")).annotate(
                students=Count(student, distinct=True)).order_by())
            out["whole"] = list(mine.values(**group).annotate(students=Count(student, distinct=True)).order_by())
        return out

    sites_key = ",".join(str(pk) for pk in sorted(scope.site_ids | scope.org_ids))
    rows_of_scope, scope_at = _aggregated(f"{source.key}:{scope.key}:{sites_key}:{scope.rater_id or ''}", scope_rows, force=recount)
    raters: dict[int, dict[tuple, Dist]] = defaultdict(lambda: defaultdict(Dist))
    sites: dict[int, dict[tuple, Dist]] = defaultdict(lambda: defaultdict(Dist))
    whole: dict[tuple, Dist] = defaultdict(Dist)
    names: dict[str, dict[int, tuple[str, str]]] = {"rater": {}, "site": {}}
    for r in rows_of_scope["fine"]:
        raters[r["rater"]][_key(r)].add(r["value"], r["n"])
        sites[r["site"]][_key(r)].add(r["value"], r["n"])
        whole[_key(r)].add(r["value"], r["n"])
        names["rater"][r["rater"]] = (r["rater_name"], "")
        names["site"][r["site"]] = (r["site_name"], r["org_name"])
    for r in rows_of_scope["raters"]:
        raters[r["rater"]][_key(r)].students = r["students"]
    for r in rows_of_scope["sites"]:
        sites[r["site"]][_key(r)].students = r["students"]
    for r in rows_of_scope["whole"]:
        whole[_key(r)].students = r["students"]

    clusters, levels = _outline(scope.network_id)
    blocks = []
    for moment, label in source.moments:
        keys = [(c["programme"], c["code"], moment) for c in clusters]
        network_dists = [net.get(k, Dist()) for k in keys]

        blocks.append(MomentBlock(
            moment, str(label), network_dists,
            [whole.get(k, Dist()) for k in keys] if scope.kind in ("organisation", "sites") else
            [raters.get(scope.rater_id or 0, {}).get(k, Dist()) for k in keys] if scope.kind == "self" else None,
            _rows(raters, names["rater"], keys, network_dists),
            _rows(sites, names["site"], keys, network_dists) if scope.shows_sites else [],
            clusters,
        ))
    computed = [at for at in (network_at, scope_at) if at is not None]
    return Report(scope, source, clusters, levels, blocks, computed_at=min(computed) if computed else None)


#: A network's aggregates that took longer than this to count are kept in the cache (the
#: scheduler counts them again every night, ``refresh``); quicker ones are counted on every visit.
def _cache_after() -> float:
    return float(getattr(settings, "CALIBRATION_CACHE_AFTER_SECONDS", 0.05))


def _cache_seconds() -> int:
    return int(getattr(settings, "CALIBRATION_CACHE_SECONDS", 26 * 3600))


CACHE_PREFIX = "calibration:v1:"


def _aggregated(key: str, compute: Callable[[], dict[str, list[dict]]], *, force: bool = False):
    """The aggregate rows of one part of the page, and when they were counted when they come from
    the cache (None: counted now). A region's network aggregates go over every final rating of
    the network (900,000 evaluation ratings: seconds of SQL, ADR 0021): counted once, they are
    kept until the scheduler counts them again at night; a small network is counted live, so what
    a mentor just shared shows at once. ``force`` counts again and keeps the result (the
    scheduler)."""
    if not force:
        hit = cache.get(CACHE_PREFIX + key)
        if hit is not None:
            return hit["rows"], hit["at"]
    started = time.perf_counter()
    rows = compute()
    if force or time.perf_counter() - started >= _cache_after():
        cache.set(CACHE_PREFIX + key, {"rows": rows, "at": timezone.now()}, _cache_seconds())
    return rows, None


def refresh(network_ids: list[int] | None = None) -> int:
    """Count the network aggregates of each network (both sources) and the coordinator's view
    again, for the ones that are kept in the cache (slow to count); the scheduler's nightly job.
    Returns how many parts were counted again."""
    from access.calibration import CalibrationScope
    from tenancy.models import Network

    done = 0
    for network in Network.objects.filter(**({"pk__in": network_ids} if network_ids else {})).order_by("pk"):
        scope = CalibrationScope(f"network-{network.pk}", "network", network.pk, network.name, network.name)
        for key in SOURCE_KEYS:
            if cache.get(f"{CACHE_PREFIX}{key}:net-{network.pk}") is None and not network_ids:
                continue  # counted live: nothing kept to bring up to date
            calibration_report(scope, key, recount=True)
            done += 1
    return done


def _rows(groups: dict[int, dict[tuple, Dist]], names: dict[int, tuple[str, str]], keys: list[tuple],
          network_dists: list[Dist]) -> list[Row]:
    """Mentors or sites at one moment, those furthest from the network first."""
    out = []
    for pk, dists in groups.items():
        own = [dists.get(k, Dist()) for k in keys]
        if not any(d.n for d in own):
            continue
        cells = [deviation(d, n) for d, n in zip(own, network_dists, strict=True)]
        name, detail = names[pk]
        out.append(Row(pk, name or "—", detail, cells, overall(list(zip(cells, own, strict=True))), own))

    def distance(row: Row) -> float:
        if row.total is None:
            return 0.0
        return abs(row.total.d if row.total.d is not None else row.total.diff)

    return sorted(out, key=lambda r: (r.total is None, -distance(r), r.name))


def _outline(network_id: int) -> tuple[list[dict], list[dict]]:
    """The clusters of the network's catalogues (by code within a programme, titled as in the
    newest published version that has them) and the levels of the newest scale. Two queries."""
    versions = CatalogueVersion.objects.filter(programme__network_id=network_id).exclude(status=CatalogueVersion.Status.DRAFT)
    clusters: dict[tuple, Any] = {}
    for c in (
        Cluster.objects.filter(version__in=versions)
        .values("code", "title", "order", programme=F("version__programme_id"), programme_name=F("version__programme__name"))
        .order_by("-version__published_at", "order")
    ):
        clusters.setdefault((c["programme"], c["code"]), c)
    levels: dict[int, Any] = {}
    for lvl in RatingLevel.objects.filter(scale__version__in=versions).values("value", "label").order_by("-scale__version__published_at"):
        levels.setdefault(lvl["value"], lvl)
    ordered = sorted(clusters.values(), key=lambda c: (c["programme_name"], c["order"], c["code"]))
    return ordered, sorted(levels.values(), key=lambda lvl: lvl["value"])


# --------------------------------------------------------------------------- what the page draws

#: Fills of the levels 1..n, light to dark (the level's number is written in each part, so the
#: bar reads without colour too).
FILLS = ("#e9ecef", "#adb5bd", "#6c757d", "#343a40", "#212529")
INKS = ("#212529", "#212529", "#ffffff", "#ffffff", "#ffffff")


def signed(value: float) -> str:
    from django.utils.formats import number_format

    rounded = round(value, 1) or 0.0  # no "−0,0"
    text = number_format(abs(rounded), 1)
    return "+" + text if rounded > 0 else "−" + text if rounded < 0 else text


def segments(dist: Dist) -> list[dict]:
    """The parts of a 100-wide stacked bar: one per level given, with its share."""
    out, x = [], 0.0
    for i, value in enumerate(sorted(dist.counts)):
        width = 100 * dist.share(value)
        shade = min(value - 1, len(FILLS) - 1) if value >= 1 else 0
        out.append({"value": value, "x": round(x, 2), "width": round(width, 2), "pct": round(width),
                    "fill": FILLS[shade], "ink": INKS[shade], "labelled": width >= 9, "last": i == len(dist.counts) - 1})
        x += width
    return out


def diverging(dev: Deviation, *, half: int = 50, per_level: int = 40) -> dict:
    """A bar from the middle of a 2×half wide box: right for higher, left for lower."""
    length = min(half, abs(dev.diff) * per_level)
    return {"x": half if dev.diff >= 0 else half - length, "width": round(length, 1), "mid": half}
