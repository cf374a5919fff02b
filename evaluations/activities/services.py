"""Writes of the activity list (its reads are in selectors.py): the student proposes an entry (an activity of the
internship's pinned catalogue version, done on a day, how independently), the mentor confirms
it, or corrects its level, with one tap; what the mentor adds counts at once.

Keyword-only, atomic, validated; every change leaves a line on the internship's timeline.
"""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.activities.models import ActivityEntry
from internships.models import Internship
from internships.services import event

Level = ActivityEntry.Level
Status = ActivityEntry.Status

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


__all__ = ["activity_confirm", "activity_confirm_all", "activity_propose"]
