"""Demo entries for the activity list (called by the demo seeder; idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from evaluations.models import ActivityEntry
from internships.models import Internship

S = Internship.Status
STARTED = {S.RUNNING, S.MIDTERM, S.FINAL, S.CLOSED}
L = ActivityEntry.Level
NOTES = [
    "Samen met de mentor, daarna zelf verder gedaan.",
    "Ging vlot; volgende keer de ouders zelf aanspreken.",
    "Eerst gekeken hoe de mentor het aanpakt.",
    "",
    "Rustig gebleven toen twee kinderen tegelijk huilden.",
    "",
]


def _weekday(day, start):
    """Childcare interns work on weekdays: a Saturday or Sunday becomes the Friday before."""
    if day.weekday() >= 5:
        day -= timedelta(days=day.weekday() - 4)
    return max(day, start)


def seed_activities(internship: Internship, today=None) -> list[ActivityEntry]:
    """A realistic handful of confirmed entries and one or two to confirm, for internships that
    have started. Does nothing when the internship has entries already (or has not started)."""
    if internship.status not in STARTED or internship.activity_entries.exists():
        return []
    today = today or timezone.localdate()
    last = min(today, internship.end_date)
    if last < internship.start_date:
        return []
    activities = list(internship.catalogue_version.activities.order_by("order", "pk"))
    if not activities:
        return []
    span = (last - internship.start_date).days
    student_user = internship.student.user
    mentor = internship.mentor
    # How far along: a running internship has covered part of the list, a closed one most of it.
    share = {S.RUNNING: 0.45, S.MIDTERM: 0.6, S.FINAL: 0.8, S.CLOSED: 0.85}[internship.status]
    covered = activities[: max(1, round(len(activities) * share))]
    entries: list[ActivityEntry] = []
    n = 0
    for i, activity in enumerate(covered):
        times = 1 + (i % 3 == 0) + (i % 5 == 0)  # some activities more than once
        for k in range(times):
            level = [L.OBSERVED, L.WITH_HELP, L.INDEPENDENT][min(k + (i % 2), 2)]
            day = internship.start_date + timedelta(days=round(span * (0.1 + 0.75 * (n % 7) / 6 * (k + 1) / times)))
            day = _weekday(min(day, last), internship.start_date)
            entries.append(ActivityEntry(
                internship=internship, activity=activity, date=day, level=level, note=NOTES[n % len(NOTES)],
                status=ActivityEntry.Status.CONFIRMED, proposed_by=student_user or mentor, confirmed_by=mentor,
                confirmed_at=timezone.now(),
            ))
            n += 1
    if internship.status == S.RUNNING:
        # The last days: proposed by the student, still to confirm (one of them a new activity).
        todo = [covered[0]]
        if len(activities) > len(covered):
            todo.append(activities[len(covered)])
        for j, activity in enumerate(todo):
            entries.append(ActivityEntry(
                internship=internship, activity=activity, date=_weekday(last - timedelta(days=1 + j), internship.start_date),
                level=L.WITH_HELP if j == 0 else L.OBSERVED,
                note="Voor het eerst alleen gedaan, mentor was in de buurt." if j == 0 else "",
                status=ActivityEntry.Status.PROPOSED, proposed_by=student_user or mentor,
            ))
    return ActivityEntry.objects.bulk_create(entries)
