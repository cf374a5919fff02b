from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

import access
from catalogue.models import ActivityTemplate, CatalogueVersion, Cluster, Indicator, Programme, RatingLevel
from web.history import history_entries
from web.pages import context_of

T = TypeVar("T")


def scale_levels(version: CatalogueVersion) -> list[RatingLevel]:
    """The levels of a version's rating scale, lowest first."""
    return list(RatingLevel.objects.filter(scale__version=version).order_by("value"))


def version_cluster(version: CatalogueVersion, pk) -> Cluster | None:
    """A cluster of this version (None for a cluster of another version, or a bad id)."""
    try:
        return Cluster.objects.filter(version=version, pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def programmes_with_versions(user):
    """The person's networks' programmes, each with the versions they may see."""
    versions = access.catalogue_versions_visible_to(user).annotate(n_indicators=Count("indicators")).order_by("-label")
    return (
        access.programmes_visible_to(user)
        .select_related("network")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
        .order_by("network__name", "name")
    )


@dataclass(frozen=True)
class VersionOutline:
    """A version's content as its pages and PDFs show it (spread with ``web.pages.context_of``)."""

    clusters: list[Cluster]  # each with its indicators prefetched
    levels: list[RatingLevel]
    activities: list[ActivityTemplate]  # each with its indicators (id, code) prefetched
    n_indicators: int


@dataclass(frozen=True)
class EditorOutline(VersionOutline):
    """The outline plus what the editor adds: the programme's other versions."""

    sibling_versions: list[CatalogueVersion]  # each with n_indicators


def version_outline(version: CatalogueVersion) -> VersionOutline:
    """Clusters with their indicators, the scale's levels and the activities: 5 queries."""
    clusters = list(
        Cluster.objects.filter(version=version).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
    )
    levels = list(version.scale.levels.all()) if hasattr(version, "scale") else []
    activities = list(
        ActivityTemplate.objects.filter(version=version).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.only("id", "code", "cluster_id").order_by("order"))
        )
    )
    return VersionOutline(
        clusters=clusters, levels=levels, activities=activities,
        n_indicators=sum(len(c.indicators.all()) for c in clusters),
    )


def rating_outline(version_id) -> tuple[list[Cluster], list]:
    """What a rating page needs of a version: its clusters with their indicators (text only) and
    its scale's levels, in three queries (feedback sheets, evaluations, the progress grid)."""
    from catalogue.models import RatingLevel

    clusters = list(
        Cluster.objects.filter(version_id=version_id).prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk").only("id", "code", "text", "cluster_id", "order"))
        )
    )
    levels = list(RatingLevel.objects.filter(scale__version_id=version_id).order_by("value"))
    # The numbers a rating page writes ~2,000 times (ids in names, ids and values of every
    # level button) as text once: a template localizes every int it prints (three format
    # lookups each), about a sixth of the feedback sheet's render (ADR 0021). Same HTML.
    for cluster in clusters:
        for indicator in cluster.indicators.all():
            indicator.sid = str(indicator.pk)  # type: ignore[attr-defined]  # set for the templates
    for level in levels:
        level.sid = str(level.pk)  # type: ignore[attr-defined]
        level.svalue = str(level.value)  # type: ignore[attr-defined]
    return clusters, levels


__all__ = ["programmes_with_versions", "rating_outline", "version_outline", "Programme"]


# --------------------------------------------------------------------------- editor


def editor_outline(version: CatalogueVersion) -> EditorOutline:
    """Everything the editor shows, in a fixed number of queries whatever the catalogue's size."""
    outline = version_outline(version)
    for activity in outline.activities:
        activity.codes = ", ".join(i.code for i in activity.indicators.all())
    return EditorOutline(
        **context_of(outline),
        sibling_versions=list(version.programme.versions.annotate(n_indicators=Count("indicators")).order_by("-label")),
    )


# --------------------------------------------------------------------------- differences


def _match(base_items, draft_items, key):
    """Pair draft items with base items: by ``copied_from`` first, then by ``key``."""
    base_by_pk = {b.pk: b for b in base_items}
    base_by_key = {key(b): b for b in base_items}
    pairs, used = [], set()
    for item in draft_items:
        source = base_by_pk.get(getattr(item, "copied_from_id", None))
        if source is None or source.pk in used:
            candidate = base_by_key.get(key(item))
            source = candidate if candidate is not None and candidate.pk not in used else None
        if source is not None:
            used.add(source.pk)
        pairs.append((source, item))
    removed = [b for b in base_items if b.pk not in used]
    return pairs, removed


def _moved(pairs, base_rank, draft_rank):
    """Items whose place among the items both versions share has changed."""
    common = [(s, d) for s, d in pairs if s is not None]
    by_base = sorted(common, key=lambda p: base_rank(p[0]))
    by_draft = sorted(common, key=lambda p: draft_rank(p[1]))
    return {d.pk for (s1, d), (s2, _d2) in zip(by_draft, by_base, strict=True) if s1.pk != s2.pk}


#: One changed field: (field, old value, new value).
Change = tuple[str, Any, Any]


@dataclass(frozen=True)
class PartDiff(Generic[T]):
    """The differences of one kind of item (clusters, indicators, levels, activities)."""

    added: list[T]
    removed: list[T]
    changed: list[tuple[T, list[Change]]]  # (item, its changed fields)
    moved: list[Any] = field(default_factory=list)  # items (indicators: (item, cluster it came from))

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed) + len(self.moved)


@dataclass(frozen=True)
class VersionDiff:
    """What the diff page shows; the draft's parts also feed the publication check."""

    base: CatalogueVersion | None
    draft_clusters: list[Cluster]
    draft_indicators: list[Indicator]
    draft_levels: list[RatingLevel]
    clusters: PartDiff[Cluster]
    indicators: PartDiff[Indicator]
    levels: PartDiff[RatingLevel]
    activities: PartDiff[ActivityTemplate]
    profiles: list[Change]

    @property
    def n_changes(self) -> int:
        parts = (self.clusters, self.indicators, self.levels, self.activities)
        return sum(p.count for p in parts) + len(self.profiles)


def _changes(source: Any, item: Any, fields: tuple[str, ...]) -> list[Change]:
    return [(f, getattr(source, f), getattr(item, f)) for f in fields if getattr(source, f) != getattr(item, f)]


def version_diff(draft: CatalogueVersion) -> VersionDiff:
    """What changed in ``draft`` compared with the version it was based on: per kind the
    added, removed, changed (field, old, new) and moved items."""
    base = draft.based_on
    d_clusters = list(draft.clusters.all())
    b_clusters = list(base.clusters.all()) if base else []
    d_ind = list(draft.indicators.select_related("cluster").order_by("cluster__order", "order", "pk"))
    b_ind = list(base.indicators.select_related("cluster").order_by("cluster__order", "order", "pk")) if base else []
    d_levels = list(RatingLevel.objects.filter(scale__version=draft).order_by("value"))
    b_levels = list(RatingLevel.objects.filter(scale__version=base).order_by("value")) if base else []
    d_act = list(draft.activities.prefetch_related("indicators"))
    b_act = list(base.activities.prefetch_related("indicators")) if base else []

    c_pairs, c_removed = _match(b_clusters, d_clusters, key=lambda c: c.code)
    cluster_source = {d.pk: s for s, d in c_pairs}
    moved = _moved(c_pairs, lambda c: (c.order, c.pk), lambda c: (c.order, c.pk))
    clusters = PartDiff(
        added=[d for s, d in c_pairs if s is None],
        removed=c_removed,
        changed=[(d, ch) for s, d in c_pairs if s is not None and (ch := _changes(s, d, ("code", "title", "description")))],
        moved=[d for s, d in c_pairs if d.pk in moved],
    )

    i_pairs, i_removed = _match(b_ind, d_ind, key=lambda i: i.code)
    cluster_order = {c.pk: c.order for c in b_clusters + d_clusters}

    def same_cluster(s, d):
        source = cluster_source.get(d.cluster_id)
        return source is not None and source.pk == s.cluster_id

    moved = _moved(
        [(s, d) for s, d in i_pairs if s is None or same_cluster(s, d)],
        lambda i: (cluster_order[i.cluster_id], i.order, i.pk),
        lambda i: (cluster_order[i.cluster_id], i.order, i.pk),
    )
    indicators = PartDiff(
        added=[d for s, d in i_pairs if s is None],
        removed=i_removed,
        changed=[(d, ch) for s, d in i_pairs if s is not None and (ch := _changes(s, d, ("code", "text", "guidance")))],
        # (indicator, the cluster it came from when that is another one)
        moved=[
            (d, None if same_cluster(s, d) else s.cluster)
            for s, d in i_pairs if s is not None and (d.pk in moved or not same_cluster(s, d))
        ],
    )

    b_by_value = {lvl.value: lvl for lvl in b_levels}
    d_values = {lvl.value for lvl in d_levels}
    levels = PartDiff(
        added=[lvl for lvl in d_levels if lvl.value not in b_by_value],
        removed=[lvl for lvl in b_levels if lvl.value not in d_values],
        changed=[
            (lvl, ch) for lvl in d_levels
            if lvl.value in b_by_value and (ch := _changes(b_by_value[lvl.value], lvl, ("label", "description", "is_sufficient")))
        ],
    )

    a_pairs, a_removed = _match(b_act, d_act, key=lambda a: a.title)

    def codes(a):
        return ", ".join(sorted(i.code for i in a.indicators.all()))

    changed = []
    for s, d in a_pairs:
        if s is None:
            continue
        fields = _changes(s, d, ("title", "description"))
        if codes(s) != codes(d):
            fields.append(("indicators", codes(s), codes(d)))
        if fields:
            changed.append((d, fields))
    moved = _moved(a_pairs, lambda a: (a.order, a.pk), lambda a: (a.order, a.pk))
    activities = PartDiff(
        added=[d for s, d in a_pairs if s is None],
        removed=a_removed,
        changed=changed,
        moved=[d for s, d in a_pairs if d.pk in moved],
    )
    profiles: list[Change] = [
        (f, getattr(base, f) if base else "", getattr(draft, f))
        for f in ("teacher_profile", "mentor_profile")
        if (getattr(base, f) if base else "") != getattr(draft, f)
    ]
    return VersionDiff(
        base=base, draft_clusters=d_clusters, draft_indicators=d_ind, draft_levels=d_levels,
        clusters=clusters, indicators=indicators, levels=levels, activities=activities, profiles=profiles,
    )


# --------------------------------------------------------------------------- history


def version_history(version: CatalogueVersion, limit: int = 200) -> list:
    """Who changed what and when in a version: the history records of all its parts, each as a
    ``web.history`` entry (which field from what to what) about the part it names."""

    def about(kind, describe):
        return lambda h: f"{kind} {describe(h)}"

    sources = [
        (CatalogueVersion.history.filter(id=version.pk), about(_("Version"), lambda h: h.label)),
        (Cluster.history.filter(version_id=version.pk), about(_("Cluster"), lambda h: f"{h.code}. {h.title}")),
        (Indicator.history.filter(version_id=version.pk), about(_("Indicator"), lambda h: f"{h.code} {h.text}")),
        (RatingLevel.history.filter(scale__version_id=version.pk), about(_("Level"), lambda h: f"{h.value}. {h.label}")),
        (ActivityTemplate.history.filter(version_id=version.pk), about(_("Activity"), lambda h: h.title)),
    ]
    return history_entries(
        sources, exclude=("version", "programme", "scale", "copied_from", "created_by", "based_on"),
        on_create=(), limit=limit,
    )
