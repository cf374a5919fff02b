"""The reminders' defaults and the evaluation windows, as plain data and arithmetic (no queries).

Defaults follow the demo region's practice (ADR 0016): a mentor writes a feedback sheet a week,
documents are due 7 to 30 days before the start, hours are confirmed within the week, a
signature is chased after 3 days and escalated to the school after 10 (one peer's practice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reminders.models import Reminder

StrOrPromise = str | Promise

#: A reminder whose day passed more than this many days ago is not sent any more: after a long
#: stop of the scheduler (or on the first run) nobody gets a pile of stale reminders.
CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class Default:
    days: int
    later_days: int | None  # the second step's delay, where the reminder has one
    who: StrOrPromise  # who is told (for the schedule page)
    days_means: StrOrPromise  # what ``days`` counts
    later_means: StrOrPromise = ""


DEFAULTS: dict[str, Default] = {
    Reminder.NO_FEEDBACK: Default(
        7, 7, _("the mentor; then the teacher"),
        _("days without a new feedback sheet (from the start on)"), _("days later the teacher is told"),
    ),
    Reminder.DOCUMENTS_DUE: Default(
        7, None, _("the student and the school's admins; the site's admins when the document is needed to start"),
        _("days before the due date"),
    ),
    Reminder.DOCUMENTS_OVERDUE: Default(
        1, None, _("the student and the school's admins; the site's admins when the document is needed to start"),
        _("days after the due date"),
    ),
    Reminder.HOURS_UNCONFIRMED: Default(7, None, _("the mentor"), _("days after the first hours still to confirm")),
    Reminder.EVALUATION_OPENS: Default(0, None, _("the mentor and the teacher"), _("days before the window opens")),
    Reminder.EVALUATION_CLOSES: Default(3, None, _("the mentor and the teacher"), _("days before the window closes")),
    Reminder.SIGNATURE_AWAITED: Default(
        3, 7, _("the one who still has to sign; then the school's admins"),
        _("days after the first signature"), _("days later the school's admins are told"),
    ),
    Reminder.REFLECTION_MISSING: Default(7, None, _("the student"), _("days after the sheet was shared")),
}


@dataclass(frozen=True)
class Setting:
    """A reminder as it holds for one network: the coordinator's row, else the default."""

    reminder: str
    enabled: bool
    days: int
    later_days: int | None

    @property
    def label(self) -> str:
        return str(Reminder(self.reminder).label)

    @property
    def default(self) -> Default:
        return DEFAULTS[self.reminder]


def default_setting(reminder: str) -> Setting:
    d = DEFAULTS[reminder]
    return Setting(reminder=reminder, enabled=True, days=d.days, later_days=d.later_days)


# --------------------------------------------------------------------------- evaluation windows


@dataclass(frozen=True)
class Window:
    kind: str  # Evaluation.Kind value
    opens: date
    closes: date


def evaluation_windows(start: date, end: date) -> list[Window]:
    """When the midterm and the final evaluation are written. Uniform has no evaluation moments
    of its own, so they follow the internship's period (ADR 0016): the midterm from 40 % to 60 %
    of the period, the final in its last two weeks (never before the midterm closes) up to the
    last day."""
    length = (end - start).days
    mid_open = start + timedelta(days=round(length * 0.4))
    mid_close = start + timedelta(days=round(length * 0.6))
    final_open = max(mid_close + timedelta(days=1), end - timedelta(days=13))
    return [Window("midterm", mid_open, mid_close), Window("final", min(final_open, end), end)]
