"""Writes and reads of the activity list: the student proposes an entry (an activity of the
internship's pinned catalogue version, done on a day, how independently), the mentor confirms
it, or corrects its level, with one tap; what the mentor adds counts at once.

Keyword-only, atomic, validated; every change leaves a line on the internship's timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import ActivityEntry
from internships.models import Internship
from internships.services import event

Level = ActivityEntry.Level
Status = ActivityEntry.Status

#: From least to most independent: "the best level reached" is the highest rank.
LEVEL_RANK = {Level.OBSERVED: 1, Level.WITH_HELP: 2, Level.INDEPENDENT: 3}


def _check(*, internship: Internship, activity, date: Date, level: str) -> None:
    if internship.status == Internship.Status.CLOSED:
        raise ValidationError(_("A closed internship does not change any more."))
    if activity is None or activity.version_id != internship.catalogue_version_id:
        raise ValidationError(_("Choose an activity of this internship's catalogue."))
    if date < internship.start_date or date > internship.end_date:
        raise ValidationError(_("The date is outside the internship period."))
    if date > timezone.localdate():
        raise ValidationError(_("An activity is added after it was done, not before."))
    if level not in Level.values:
        raise ValidationError(_("Choose how the activity was done."))


def _describe(entry: ActivityEntry) -> str:
    return f"{entry.activity.title} ({entry.date:%d/%m/%Y}, {entry.get_level_display()})"


@transaction.atomic
def activity_propose(
    *, internship: Internship, by, activity, date: Date, level: str, note: str = "", confirmed: bool = False,
) -> ActivityEntry:
    """Add an entry: "to confirm" when the student proposes it, confirmed when the mentor adds it."""
    _check(internship=internship, activity=activity, date=date, level=level)
    entry = ActivityEntry(
        internship=internship, activity=activity, date=date, level=level, note=(note or "").strip(), proposed_by=by,
    )
    if confirmed:
        entry.status, entry.confirmed_by, entry.confirmed_at = Status.CONFIRMED, by, timezone.now()
    entry.full_clean()
    entry.save()
    text = _("Activity added: %(entry)s") if confirmed else _("Activity proposed: %(entry)s")
    event(internship, by, "activity", text % {"entry": _describe(entry)})
    return entry


@transaction.atomic
def activity_confirm(*, entry: ActivityEntry, by, level: str | None = None) -> ActivityEntry:
    """Confirm a proposed entry, optionally at another level; a confirmed one may be corrected."""
    obj = ActivityEntry.objects.select_for_update().select_related("activity", "internship").get(pk=entry.pk)
    if obj.internship.status == Internship.Status.CLOSED:
        raise ValidationError(_("A closed internship does not change any more."))
    if level in ("", None):
        level = obj.level
    if level not in Level.values:
        raise ValidationError(_("Choose how the activity was done."))
    if obj.status == Status.CONFIRMED and level == obj.level:
        return obj  # nothing to do (a second tap, or two mentors at once)
    before = obj.level
    obj.level = level
    if obj.status != Status.CONFIRMED:
        obj.status, obj.confirmed_by, obj.confirmed_at = Status.CONFIRMED, by, timezone.now()
        text = _("Activity confirmed: %(entry)s") if level == before else _("Activity confirmed and corrected: %(entry)s")
    else:
        obj.confirmed_by, obj.confirmed_at = by, timezone.now()
        text = _("Activity corrected: %(entry)s")
    obj.full_clean()
    obj.save()
    event(obj.internship, by, "activity", text % {"entry": _describe(obj)})
    return obj


@transaction.atomic
def activity_confirm_all(*, internship: Internship, by) -> int:
    """Confirm every proposed entry as proposed; one timeline line. Returns how many."""
    entries = list(internship.activity_entries.select_for_update().filter(status=Status.PROPOSED))
    now = timezone.now()
    for entry in entries:
        entry.status, entry.confirmed_by, entry.confirmed_at = Status.CONFIRMED, by, now
        entry.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    if entries:
        event(internship, by, "activity", _("%(n)s activities confirmed.") % {"n": len(entries)})
    return len(entries)


# --------------------------------------------------------------------------- reading


@dataclass
class ActivityRow:
    """One activity of the pinned version, with its entries (newest first)."""

    activity: object
    entries: list = field(default_factory=list)

    @property
    def confirmed(self) -> list:
        return [e for e in self.entries if e.status == Status.CONFIRMED]

    @property
    def n_proposed(self) -> int:
        return sum(1 for e in self.entries if e.status == Status.PROPOSED)

    @property
    def done(self) -> bool:
        return bool(self.confirmed)

    @property
    def best_level(self) -> str | None:
        levels = [e.level for e in self.confirmed]
        return max(levels, key=lambda v: LEVEL_RANK.get(v, 0)) if levels else None

    @property
    def best_level_label(self) -> str:
        return Level(self.best_level).label if self.best_level else ""


@dataclass
class ActivityOverview:
    rows: list[ActivityRow]
    n_proposed: int

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def n_done(self) -> int:
        return sum(1 for r in self.rows if r.done)

    @property
    def never_done(self) -> list[ActivityRow]:
        return [r for r in self.rows if not r.done]

    @property
    def percent(self) -> int:
        return round(100 * self.n_done / self.total) if self.total else 0


def activity_overview(internship: Internship) -> ActivityOverview:
    """The activities of the pinned version in order, each with its entries: two queries,
    whatever the number of activities and entries."""
    activities = list(internship.catalogue_version.activities.order_by("order", "pk"))
    rows = {a.pk: ActivityRow(a) for a in activities}
    n_proposed = 0
    entries = internship.activity_entries.select_related("proposed_by", "confirmed_by").order_by("-date", "-pk")
    for entry in entries:
        row = rows.get(entry.activity_id)
        if row is None:
            continue  # not of the pinned version (cannot be made through the services)
        entry.activity = row.activity
        row.entries.append(entry)
        n_proposed += entry.status == Status.PROPOSED
    return ActivityOverview(rows=list(rows.values()), n_proposed=n_proposed)


__all__ = ["LEVEL_RANK", "activity_confirm", "activity_confirm_all", "activity_overview", "activity_propose"]
