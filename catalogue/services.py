"""Writes to the catalogue. Every function is keyword-only and atomic; it refuses to touch a
published or retired version (a draft is the only thing that changes) and it never overwrites
someone else's edit silently: item updates carry the ``revision`` the editor started from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import (
    ActivityTemplate,
    CatalogueVersion,
    Cluster,
    Indicator,
    Programme,
    RatingLevel,
    RatingScale,
)

MIN_LEVELS, MAX_LEVELS = 2, 7


class Conflict(Exception):
    """Someone saved this item after the editor loaded it. ``current`` is their version."""

    def __init__(self, current):
        super().__init__("conflict")
        self.current = current


def _ensure_draft(version: CatalogueVersion) -> None:
    """Refuse unless the version is a draft, holding its row lock until the transaction ends:
    publishing takes the same lock, so no edit can slip in while a draft is being published."""
    status = (
        CatalogueVersion.objects.select_for_update().filter(pk=version.pk).values_list("status", flat=True).first()
    )
    if status != CatalogueVersion.Status.DRAFT:
        raise ValidationError(_("A published catalogue version cannot be changed; start a new draft from it."))


def _lock(model, pk, revision: int | None):
    if revision is None:
        raise ValidationError(_("This page is out of date; reload it and make your change again."))
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.revision != revision:
        raise Conflict(obj)
    return obj


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("%(field)s may not be empty.") % {"field": label})
    return value


def _next_order(qs) -> int:
    return (qs.aggregate(m=Max("order"))["m"] or 0) + 1


def _save(obj):
    obj.full_clean()
    try:
        obj.save()
    except IntegrityError as error:  # a race past the checks above: still a clear message
        raise ValidationError(_("This code is already used in this version.")) from error
    return obj


# --------------------------------------------------------------------------- programmes


@transaction.atomic
def programme_create(*, network, name: str, code: str, description: str = "") -> Programme:
    name = _required(name, _("Name"))
    code = _required(code, _("Code")).lower()
    if Programme.objects.filter(network=network, code=code).exists():
        raise ValidationError(_("A programme with code %(code)s exists already.") % {"code": code})
    return _save(Programme(network=network, name=name, code=code, description=description.strip()))


@transaction.atomic
def programme_update(*, programme: Programme, name: str, description: str) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    programme.name = _required(name, _("Name"))
    programme.description = description.strip()
    return _save(programme)


# --------------------------------------------------------------------------- versions


def current_version(programme: Programme) -> CatalogueVersion | None:
    """The version new internships get: the most recently published one."""
    return programme.versions.published().order_by("-published_at", "-pk").first()


@transaction.atomic
def version_create_draft(
    *, programme: Programme, label: str, based_on: CatalogueVersion | None = None, by=None
) -> CatalogueVersion:
    """A new draft, empty or as a complete copy of ``based_on`` (same programme)."""
    label = _required(label, _("Version"))
    if programme.versions.filter(label=label).exists():
        raise ValidationError(_("Version %(label)s exists already for this programme.") % {"label": label})
    if based_on is not None and based_on.programme_id != programme.pk:
        raise ValidationError(_("A version can only be copied within its programme."))
    draft = CatalogueVersion.objects.create(
        programme=programme,
        label=label,
        status=CatalogueVersion.Status.DRAFT,
        based_on=based_on,
        created_by=by,
        teacher_profile=based_on.teacher_profile if based_on else "",
        mentor_profile=based_on.mentor_profile if based_on else "",
    )
    scale = RatingScale.objects.create(version=draft, name=based_on.scale.name if based_on else _("Rating scale"))
    if based_on is None:
        return draft
    RatingLevel.objects.bulk_create(
        RatingLevel(scale=scale, value=lvl.value, label=lvl.label, description=lvl.description, is_sufficient=lvl.is_sufficient)
        for lvl in based_on.scale.levels.all()
    )
    cluster_map = {}
    for cluster in based_on.clusters.all():
        cluster_map[cluster.pk] = Cluster(
            version=draft, code=cluster.code, title=cluster.title, description=cluster.description,
            order=cluster.order, copied_from=cluster,
        )
    Cluster.objects.bulk_create(cluster_map.values())
    indicator_map = {}
    for indicator in based_on.indicators.all():
        indicator_map[indicator.pk] = Indicator(
            version=draft, cluster=cluster_map[indicator.cluster_id], code=indicator.code, text=indicator.text,
            guidance=indicator.guidance, order=indicator.order, copied_from=indicator,
        )
    Indicator.objects.bulk_create(indicator_map.values())
    activities = list(based_on.activities.prefetch_related("indicators"))
    copies = ActivityTemplate.objects.bulk_create(
        ActivityTemplate(version=draft, title=a.title, description=a.description, order=a.order, copied_from=a)
        for a in activities
    )
    Link = ActivityTemplate.indicators.through
    Link.objects.bulk_create(
        Link(activitytemplate=copy, indicator=indicator_map[ind.pk])
        for source, copy in zip(activities, copies, strict=True)
        for ind in source.indicators.all()
    )
    return draft


@transaction.atomic
def version_update_settings(
    *, version: CatalogueVersion, revision: int | None, label: str, teacher_profile: str, mentor_profile: str
) -> CatalogueVersion:
    _ensure_draft(version)
    obj = _lock(CatalogueVersion, version.pk, revision)
    label = _required(label, _("Version"))
    if obj.programme.versions.filter(label=label).exclude(pk=obj.pk).exists():
        raise ValidationError(_("Version %(label)s exists already for this programme.") % {"label": label})
    obj.label, obj.teacher_profile, obj.mentor_profile = label, teacher_profile.strip(), mentor_profile.strip()
    obj.revision += 1
    return _save(obj)


def publication_problems(version: CatalogueVersion, *, clusters=None, indicators=None, levels=None) -> list[str]:
    """Everything that keeps a draft from being published, in words for the coordinator.

    Pages that have the version's parts loaded already pass them in (no extra queries)."""
    problems = []
    clusters = list(version.clusters.all()) if clusters is None else clusters
    indicators = list(version.indicators.all()) if indicators is None else indicators
    if not clusters:
        problems.append(_("Add at least one competence cluster."))
    if not indicators:
        problems.append(_("Add at least one behaviour indicator."))
    for cluster in clusters:
        if not cluster.title.strip():
            problems.append(_("Cluster %(code)s has no title.") % {"code": cluster.code})
    for indicator in indicators:
        if not indicator.text.strip():
            problems.append(_("Indicator %(code)s has no text.") % {"code": indicator.code})
    levels = list(RatingLevel.objects.filter(scale__version=version)) if levels is None else levels
    if not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        problems.append(
            _("The rating scale needs between %(min)s and %(max)s levels (now %(n)s).")
            % {"min": MIN_LEVELS, "max": MAX_LEVELS, "n": len(levels)}
        )
    if levels and not any(level.is_sufficient for level in levels):
        problems.append(_("Mark at least one level of the scale as sufficient."))
    for level in levels:
        if not level.label.strip():
            problems.append(_("Level %(value)s has no label.") % {"value": level.value})
    return problems


@transaction.atomic
def version_publish(*, version: CatalogueVersion, by=None) -> CatalogueVersion:
    """Publish a draft: from now on it is the current version for new internships.

    Versions published before stay valid for the internships pinned to them."""
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CatalogueVersion.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    problems = publication_problems(version)
    if problems:
        raise ValidationError(problems)
    version.status = CatalogueVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def version_retire(*, version: CatalogueVersion, by=None) -> CatalogueVersion:
    version = CatalogueVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CatalogueVersion.Status.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    version.status = CatalogueVersion.Status.RETIRED
    version.retired_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def version_delete(*, version: CatalogueVersion, by=None) -> None:
    _ensure_draft(version)
    version.delete()


# --------------------------------------------------------------------------- clusters


@transaction.atomic
def cluster_add(*, version: CatalogueVersion, title: str, code: str = "", description: str = "") -> Cluster:
    _ensure_draft(version)
    order = _next_order(version.clusters)
    code = (code or "").strip()
    if code and version.clusters.filter(code=code).exists():
        raise ValidationError(_("Code %(code)s is already used in this version.") % {"code": code})
    if not code:
        numbers = [int(c) for c in version.clusters.values_list("code", flat=True) if c.isascii() and c.isdigit()]
        code = str(max(numbers, default=0) + 1)
    return _save(
        Cluster(version=version, code=code, title=_required(title, _("Title")), description=description.strip(), order=order)
    )


@transaction.atomic
def cluster_update(*, cluster: Cluster, revision: int | None, code: str, title: str, description: str) -> Cluster:
    _ensure_draft(cluster.version)
    obj = _lock(Cluster, cluster.pk, revision)
    code = _required(code, _("Code"))
    if Cluster.objects.filter(version_id=obj.version_id, code=code).exclude(pk=obj.pk).exists():
        raise ValidationError(_("Code %(code)s is already used in this version.") % {"code": code})
    obj.code, obj.title, obj.description = code, _required(title, _("Title")), description.strip()
    obj.revision += 1
    return _save(obj)


@transaction.atomic
def cluster_delete(*, cluster: Cluster) -> None:
    _ensure_draft(cluster.version)
    cluster.indicators.all().delete()
    cluster.delete()


# --------------------------------------------------------------------------- indicators


def _next_indicator_code(cluster: Cluster) -> str:
    used = set(Indicator.objects.filter(version_id=cluster.version_id).values_list("code", flat=True))
    n = cluster.indicators.count() + 1
    while f"{cluster.code}.{n}" in used:
        n += 1
    return f"{cluster.code}.{n}"


def _check_indicator_code(version_id, code: str, exclude_pk=None) -> str:
    code = _required(code, _("Code"))
    if Indicator.objects.filter(version_id=version_id, code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError(_("Code %(code)s is already used in this version.") % {"code": code})
    return code


@transaction.atomic
def indicator_add(*, cluster: Cluster, text: str, code: str = "", guidance: str = "") -> Indicator:
    _ensure_draft(cluster.version)
    code = _check_indicator_code(cluster.version_id, (code or "").strip() or _next_indicator_code(cluster))
    return _save(
        Indicator(
            version_id=cluster.version_id, cluster=cluster, code=code, text=_required(text, _("Indicator text")),
            guidance=guidance.strip(), order=_next_order(cluster.indicators),
        )
    )


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, revision: int | None, code: str, text: str, guidance: str, cluster: Cluster | None = None
) -> Indicator:
    _ensure_draft(indicator.version)
    obj = _lock(Indicator, indicator.pk, revision)
    obj.code = _check_indicator_code(obj.version_id, code, exclude_pk=obj.pk)
    obj.text = _required(text, _("Indicator text"))
    obj.guidance = guidance.strip()
    if cluster is not None and cluster.pk != obj.cluster_id:
        if cluster.version_id != obj.version_id:
            raise ValidationError(_("That cluster belongs to another catalogue version."))
        obj.cluster = cluster
        obj.order = _next_order(cluster.indicators)
    obj.revision += 1
    return _save(obj)


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    _ensure_draft(indicator.version)
    indicator.delete()


# --------------------------------------------------------------------------- scale


@transaction.atomic
def level_add(*, version: CatalogueVersion, label: str, description: str = "", is_sufficient: bool = False) -> RatingLevel:
    _ensure_draft(version)
    scale, _created = RatingScale.objects.get_or_create(version=version)
    if scale.levels.count() >= MAX_LEVELS:
        raise ValidationError(_("A scale has at most %(max)s levels.") % {"max": MAX_LEVELS})
    value = (scale.levels.aggregate(m=Max("value"))["m"] or 0) + 1
    return _save(
        RatingLevel(scale=scale, value=value, label=_required(label, _("Label")), description=description.strip(),
                    is_sufficient=is_sufficient)
    )


@transaction.atomic
def level_update(*, level: RatingLevel, revision: int | None, label: str, description: str, is_sufficient: bool) -> RatingLevel:
    _ensure_draft(level.scale.version)
    obj = _lock(RatingLevel, level.pk, revision)
    obj.label, obj.description, obj.is_sufficient = _required(label, _("Label")), description.strip(), is_sufficient
    obj.revision += 1
    return _save(obj)


@transaction.atomic
def level_delete(*, level: RatingLevel) -> None:
    _ensure_draft(level.scale.version)
    scale = level.scale
    level.delete()
    _renumber_levels(scale, [lvl.pk for lvl in scale.levels.order_by("value")])


def _renumber_levels(scale: RatingScale, ordered_pks: list[int]) -> None:
    levels = {lvl.pk: lvl for lvl in scale.levels.all()}
    # Two passes keep (scale, value) unique at every step.
    for offset, pk in enumerate(ordered_pks, start=1):
        RatingLevel.objects.filter(pk=pk).update(value=100 + offset)
    for value, pk in enumerate(ordered_pks, start=1):
        level = levels[pk]
        level.value = value
        level.save(update_fields=["value"])


# --------------------------------------------------------------------------- activities


def _indicators_of(version: CatalogueVersion, indicator_ids: Iterable[int]) -> list[Indicator]:
    ids = {int(i) for i in indicator_ids}
    found = list(Indicator.objects.filter(version=version, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError(_("Choose indicators of this catalogue version only."))
    return found


@transaction.atomic
def activity_add(*, version: CatalogueVersion, title: str, description: str = "", indicator_ids=()) -> ActivityTemplate:
    _ensure_draft(version)
    activity = _save(
        ActivityTemplate(version=version, title=_required(title, _("Activity")), description=description.strip(),
                         order=_next_order(version.activities))
    )
    activity.indicators.set(_indicators_of(version, indicator_ids))
    return activity


@transaction.atomic
def activity_update(
    *, activity: ActivityTemplate, revision: int | None, title: str, description: str, indicator_ids=()
) -> ActivityTemplate:
    _ensure_draft(activity.version)
    obj = _lock(ActivityTemplate, activity.pk, revision)
    obj.title, obj.description = _required(title, _("Activity")), description.strip()
    obj.revision += 1
    _save(obj)
    obj.indicators.set(_indicators_of(obj.version, indicator_ids))
    return obj


@transaction.atomic
def activity_delete(*, activity: ActivityTemplate) -> None:
    _ensure_draft(activity.version)
    activity.delete()


# --------------------------------------------------------------------------- ordering


@dataclass(frozen=True)
class Siblings:
    """A list whose order the coordinator can change: its queryset and how to save it."""

    version: CatalogueVersion
    kind: str  # clusters | indicators | levels | activities
    parent_id: int | None = None  # the cluster, for indicators


def _sibling_qs(siblings: Siblings):
    v = siblings.version
    if siblings.kind == "clusters":
        return Cluster.objects.filter(version=v).order_by("order", "pk")
    if siblings.kind == "indicators":
        if siblings.parent_id is None:
            raise ValueError("Indicators are ordered within their cluster: give parent_id.")
        return Indicator.objects.filter(version=v, cluster_id=siblings.parent_id).order_by("order", "pk")
    if siblings.kind == "levels":
        return RatingLevel.objects.filter(scale__version=v).order_by("value")
    if siblings.kind == "activities":
        return ActivityTemplate.objects.filter(version=v).order_by("order", "pk")
    raise ValidationError(_("Unknown list."))


@transaction.atomic
def reorder(*, siblings: Siblings, ordered_ids: list[int]) -> None:
    """Put a list in the given order (drag and drop). The ids must be exactly the list's items."""
    _ensure_draft(siblings.version)
    items = list(_sibling_qs(siblings).select_for_update())
    if sorted(i.pk for i in items) != sorted(ordered_ids) or len(set(ordered_ids)) != len(ordered_ids):
        raise ValidationError(_("The list changed in the meantime; reload the page and try again."))
    if not items:
        return
    if siblings.kind == "levels":
        _renumber_levels(items[0].scale, ordered_ids)
        return
    by_pk = {i.pk: i for i in items}
    for position, pk in enumerate(ordered_ids, start=1):
        item = by_pk[pk]
        if item.order != position:
            item.order = position  # the order is not content: no revision bump, no false conflicts
            item.save(update_fields=["order"])


@transaction.atomic
def move(*, item, direction: str) -> None:
    """Move an item one place up or down among its siblings (the keyboard-friendly way)."""
    if isinstance(item, Cluster):
        siblings = Siblings(item.version, "clusters")
    elif isinstance(item, Indicator):
        siblings = Siblings(item.version, "indicators", item.cluster_id)
    elif isinstance(item, RatingLevel):
        siblings = Siblings(item.scale.version, "levels")
    else:
        siblings = Siblings(item.version, "activities")
    ids = list(_sibling_qs(siblings).values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        reorder(siblings=siblings, ordered_ids=ids)


@transaction.atomic
def import_draft(*, programme, label: str, parsed, by=None) -> CatalogueVersion:
    """Write a file checked by ``catalogue.io.parse_upload`` as a new draft of ``programme``.
    Without a scale in the file (CSV, XLSX) the draft gets the scale of the programme's
    current version."""
    from catalogue.selectors import scale_levels

    if parsed.errors:
        raise ValidationError(parsed.errors)
    draft = version_create_draft(programme=programme, label=label, by=by)
    draft.teacher_profile, draft.mentor_profile = parsed.teacher_profile, parsed.mentor_profile
    draft.save()
    scale = draft.scale
    levels = parsed.scale
    if levels is None:
        source = current_version(programme)
        levels = [
            {"label": lvl.label, "description": lvl.description, "sufficient": lvl.is_sufficient}
            for lvl in (scale_levels(source) if source else [])
        ]
    RatingLevel.objects.bulk_create(
        RatingLevel(scale=scale, value=n, label=lvl["label"], description=lvl["description"], is_sufficient=lvl["sufficient"])
        for n, lvl in enumerate(levels, start=1)
    )
    by_code = {}
    for c_order, c in enumerate(parsed.clusters, start=1):
        cluster = Cluster.objects.create(version=draft, code=c["code"], title=c["title"], description=c["description"], order=c_order)
        by_code.update(
            {
                ind.code: ind
                for ind in Indicator.objects.bulk_create(
                    Indicator(version=draft, cluster=cluster, code=i["code"], text=i["text"], guidance=i["guidance"], order=n)
                    for n, i in enumerate(c["indicators"], start=1)
                )
            }
        )
    for a_order, a in enumerate(parsed.activities, start=1):
        activity = ActivityTemplate.objects.create(version=draft, title=a["title"], description=a["description"], order=a_order)
        activity.indicators.set([by_code[code] for code in a["indicators"]])
    return draft
