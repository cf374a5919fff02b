"""Reads for the internship pages, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from internships.models import (
    DocumentVersion,
    HourEntry,
    IntakeMeeting,
    Internship,
    InternshipEvent,
    Override,
    RequiredDocument,
    ScheduleSlot,
    Visit,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def count_per_internship(qs: QuerySet) -> Coalesce:
    """How many rows of ``qs`` belong to the outer internship, as a correlated subquery. One
    subquery per figure: a ``COUNT(DISTINCT)`` over one ``GROUP BY`` joining documents, hour
    entries and sheets at once multiplied the rows (a mentor's 37 internships: 249,260 joined rows; ADR 0021)."""
    per = qs.filter(internship=OuterRef("pk")).order_by().values("internship").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(per), 0)


def count_overdue_documents() -> Coalesce:
    """Per internship: its required documents still missing after their due date (a subquery)."""
    return count_per_internship(
        RequiredDocument.objects.filter(status=RequiredDocument.Status.MISSING, due_date__lt=timezone.localdate())
    )


def filter_internships(qs: QuerySet, *, q="", status="", group=None, site=None, period_from=None, period_to=None) -> QuerySet:
    if q:
        qs = qs.filter(
            Q(student__first_name__icontains=q) | Q(student__last_name__icontains=q) | Q(site__name__icontains=q)
            | Q(mentor__full_name__icontains=q) | Q(teacher__full_name__icontains=q)
        )
    if status == "active":
        qs = qs.exclude(status=Internship.Status.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if group is not None:
        qs = qs.filter(student__group=group)
    if site is not None:
        qs = qs.filter(site=site)
    if period_from:
        qs = qs.filter(end_date__gte=period_from)
    if period_to:
        qs = qs.filter(start_date__lte=period_to)
    return qs


def week_grid(slots: list[ScheduleSlot]) -> list[tuple[StrOrPromise, list[ScheduleSlot], float]]:
    """The weekly schedule as (day label, [slots], hours) for Monday–Saturday (+ Sunday if used)."""
    by_day: defaultdict[int, list[ScheduleSlot]] = defaultdict(list)
    for slot in slots:
        by_day[slot.weekday].append(slot)
    days = [d for d in ScheduleSlot.Weekday if d.value < 6 or by_day.get(d.value)]
    return [(d.label, by_day.get(d.value, []), sum(s.hours for s in by_day.get(d.value, []))) for d in days]


#: The internship page lists the latest days of the hours log; the hours PDF lists them all.
HOURS_SHOWN = 60


def intake_of(internship: Internship) -> IntakeMeeting | None:
    """The intake record of an internship the caller reached through access (or None yet)."""
    return IntakeMeeting.objects.filter(internship=internship).select_related("recorded_by").first()


def overrides_of(internship: Internship) -> list[Override]:
    """The guardrails the school admin set aside on this internship, with their reasons."""
    return list(Override.objects.filter(internship=internship).select_related("by"))


@dataclass(frozen=True)
class InternshipHub:
    """Everything the internship page shows (the view spreads it with ``web.pages.context_of``)."""

    intake: IntakeMeeting | None
    schedule: list[ScheduleSlot]
    week: list[tuple[StrOrPromise, list[ScheduleSlot], float]]  # (day, its slots, its hours)
    week_hours: float
    documents: list[RequiredDocument]  # each with ``overdue``
    n_overdue: int
    visits: list[Visit]
    planned_visits: list[Visit]
    entries: list[HourEntry]  # the latest HOURS_SHOWN days
    n_days: int  # over every day, not only those shown
    n_proposed: int
    absences: int
    events: list[InternshipEvent]
    overrides: list[Override]
    today: date
    document_statuses: Sequence[tuple[str, StrOrPromise]]


def hub(internship: Internship) -> InternshipHub:
    """Everything the internship page shows."""
    today = timezone.localdate()
    intake = intake_of(internship)
    schedule = list(internship.schedule.all())
    documents = list(
        internship.documents.select_related("document_type", "changed_by", "uploaded_by").prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by", "replaced_by"))
        )
    )
    for document in documents:
        document.overdue = document.is_overdue(today)
    visits = list(internship.visits.select_related("created_by"))
    entries = list(internship.hour_entries.select_related("confirmed_by")[:HOURS_SHOWN])  # who logged it is not shown
    events = list(InternshipEvent.objects.filter(internship=internship).select_related("actor")[:50])
    # Counted over every day, not only the days shown: "confirm all" confirms them all.
    counts = internship.hour_entries.aggregate(
        n_days=Count("pk"),
        n_proposed=Count("pk", filter=Q(status=HourEntry.Status.PROPOSED)),
        absences=Count("pk", filter=Q(is_absence=True) & ~Q(status=HourEntry.Status.REJECTED)),
    )
    return InternshipHub(
        intake=intake,
        schedule=schedule,
        week=week_grid(schedule),
        week_hours=sum(s.hours for s in schedule),
        documents=documents,
        n_overdue=sum(1 for d in documents if d.overdue),
        visits=visits,
        planned_visits=[v for v in visits if v.status == Visit.Status.PLANNED and v.date >= today],
        entries=entries,
        n_days=counts["n_days"],
        n_proposed=counts["n_proposed"],
        absences=counts["absences"],
        events=events,
        overrides=overrides_of(internship),
        today=today,
        document_statuses=RequiredDocument.Status.choices,
    )


def document_download_name(document: RequiredDocument) -> str:
    """The file name of an uploaded document's download: what it is, whose, and the extension
    of its real type (checked by content at upload), e.g. ``stageovereenkomst-emma-aerts.pdf``."""
    from django.utils.text import slugify

    from internships.services import FILE_SIGNATURES

    extensions = dict(FILE_SIGNATURES.values())
    extension = extensions.get(document.file_type, "")
    base = slugify(f"{document.document_type.name} {document.internship.student.full_name}")[:80] or "document"
    return f"{base}{extension}"
