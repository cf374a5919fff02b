"""The retention rules as dates: the defaults (ADR 0023), when a record expires, and the inverse
(the latest anchor date that is due by a given day), so the job and the preview agree."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from retention.models import Anchor, RecordType, Unit

T = RecordType

#: Kinds that belong to an internship: counted from its end.
INTERNSHIP_TYPES = (T.SENSITIVE_DOCUMENTS, T.DOCUMENTS, T.SHEETS, T.HOURS, T.VISITS, T.EVALUATIONS, T.DECISIONS, T.HISTORY)
#: Kinds that stand on their own: counted from the day each row was made.
RECORD_TYPES = (T.AUDIT, T.NOTIFICATIONS, T.EXPORTS)

#: The anchors a kind may be counted from.
ANCHORS: dict[str, tuple[Anchor, ...]] = {**{t: (Anchor.END,) for t in INTERNSHIP_TYPES}, **{t: (Anchor.RECORD,) for t in RECORD_TYPES}}

#: The longest period the form accepts, per unit (50 school years).
MAXIMUM: dict[str, int] = {Unit.DAYS: 366 * 50, Unit.MONTHS: 12 * 50, Unit.SCHOOL_YEARS: 50}

#: Names of document types that hold health or criminal-record data (lower case, a part of the
#: name is enough): their files follow the shortest rule.
SENSITIVE_WORDS = ("strafregister", "gezondheid", "medisch", "criminal", "health", "medical")


@dataclass(frozen=True)
class Rule:
    record_type: str
    anchor: str
    amount: int
    unit: str

    def expires(self, anchor: date) -> date:
        """The day a record anchored on ``anchor`` is removed."""
        return expiry(anchor, self.amount, self.unit)

    def latest_anchor(self, day: date) -> date:
        """The latest anchor date whose records are due on ``day`` (or earlier)."""
        return latest_anchor(day, self.amount, self.unit)


#: The defaults (Flemish circular SO/2003/02 on keeping school records; ADR 0023): working
#: documents until 31 August of the school year after the internship, the decision long, the
#: criminal record extract and health assessment shortest.
DEFAULTS: dict[str, Rule] = {
    T.SENSITIVE_DOCUMENTS: Rule(T.SENSITIVE_DOCUMENTS, Anchor.END, 30, Unit.DAYS),
    T.DOCUMENTS: Rule(T.DOCUMENTS, Anchor.END, 1, Unit.SCHOOL_YEARS),
    T.SHEETS: Rule(T.SHEETS, Anchor.END, 1, Unit.SCHOOL_YEARS),
    T.HOURS: Rule(T.HOURS, Anchor.END, 1, Unit.SCHOOL_YEARS),
    T.VISITS: Rule(T.VISITS, Anchor.END, 1, Unit.SCHOOL_YEARS),
    T.EVALUATIONS: Rule(T.EVALUATIONS, Anchor.END, 1, Unit.SCHOOL_YEARS),
    T.DECISIONS: Rule(T.DECISIONS, Anchor.END, 30, Unit.SCHOOL_YEARS),
    T.AUDIT: Rule(T.AUDIT, Anchor.RECORD, 1, Unit.SCHOOL_YEARS),
    T.HISTORY: Rule(T.HISTORY, Anchor.END, 1, Unit.SCHOOL_YEARS),
    T.NOTIFICATIONS: Rule(T.NOTIFICATIONS, Anchor.RECORD, 6, Unit.MONTHS),
    T.EXPORTS: Rule(T.EXPORTS, Anchor.RECORD, 7, Unit.DAYS),
}


def school_year_end(day: date) -> int:
    """The calendar year in which the school year of ``day`` ends (on 31 August)."""
    return day.year if day.month <= 8 else day.year + 1


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(anchor: date, amount: int, unit: str) -> date:
    if unit == Unit.DAYS:
        return anchor + timedelta(days=amount)
    if unit == Unit.MONTHS:
        return add_months(anchor, amount)
    return date(school_year_end(anchor) + amount, 8, 31)


def latest_anchor(day: date, amount: int, unit: str) -> date:
    """The latest ``a`` with ``expiry(a) <= day``."""
    if unit == Unit.DAYS:
        return day - timedelta(days=amount)
    if unit == Unit.MONTHS:
        candidate = add_months(day, -amount)
        while expiry(candidate, amount, unit) > day:
            candidate -= timedelta(days=1)
        while expiry(candidate + timedelta(days=1), amount, unit) <= day:
            candidate += timedelta(days=1)
        return candidate
    # 31 August of year Y + amount <= day  ⇔  Y <= last; every anchor up to 31 August of Y.
    last = day.year - amount if day >= date(day.year, 8, 31) else day.year - amount - 1
    return date(last, 8, 31)


def is_sensitive(document_type_name: str) -> bool:
    name = document_type_name.lower()
    return any(word in name for word in SENSITIVE_WORDS)
