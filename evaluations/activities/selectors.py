"""Reads of the activity list: the activities of the internship's pinned catalogue version,
each with its entries, the best level reached and the coverage."""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluations.activities.models import ActivityEntry
from internships.models import Internship

Level = ActivityEntry.Level
Status = ActivityEntry.Status

#: From least to most independent: "the best level reached" is the highest rank.
LEVEL_RANK = {Level.OBSERVED: 1, Level.WITH_HELP: 2, Level.INDEPENDENT: 3}


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



def entries_of(internship: Internship):
    """The internship's entries: an entry is looked up inside its internship, never on its own."""
    return internship.activity_entries.all()


__all__ = ["LEVEL_RANK", "ActivityOverview", "ActivityRow", "activity_overview", "entries_of"]
