"""Reads of the retention policy: the network's rules, what is due (the job and the preview use
the same queries), the holds, the runs, the privacy page's facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from audit.models import AccessEvent
from evaluations.models import (
    ActivityEntry,
    Evaluation,
    EvaluationClusterRemark,
    FeedbackAddendum,
    FeedbackRating,
    FeedbackSheet,
    SheetRead,
)
from exports.models import ExportJob
from internships.models import (
    DocumentType,
    DocumentVersion,
    HourEntry,
    IntakeMeeting,
    Internship,
    RequiredDocument,
    Visit,
)
from notifications.models import Digest, Notification
from retention.models import LegalHold, PrivacyContact, RecordType, RetentionDone, RetentionRule, RetentionRun
from retention.rules import DEFAULTS, INTERNSHIP_TYPES, RECORD_TYPES, Rule, is_sensitive
from tenancy.models import Network

T = RecordType
#: Groups smaller than this are shown to the coordinator as "< 5".
MIN_GROUP = 5
#: The preview looks this many days ahead.
PREVIEW_DAYS = 30
#: An internship left open is treated as closed this long after its end.
OPEN_GRACE = timedelta(days=365)


def policy_of(network: Network) -> dict[str, Rule]:
    """Every kind's rule: the network's own where set, else the default."""
    rules = dict(DEFAULTS)
    for row in RetentionRule.objects.filter(network=network):
        rules[row.record_type] = Rule(row.record_type, row.anchor, row.amount, row.unit)
    return rules


def policy_rows(network: Network) -> list[RetentionRule]:
    return list(RetentionRule.objects.filter(network=network).select_related("changed_by"))


def contact_of(network: Network) -> PrivacyContact | None:
    return PrivacyContact.objects.filter(network=network).first()


def last_runs(network: Network, limit: int = 5) -> list[RetentionRun]:
    return list(RetentionRun.objects.filter(network=network, dry_run=False)[:limit])


def held_q(prefix: str = "") -> Q:
    """Internships (through ``prefix``) under an active hold, on themselves or their student."""
    active = LegalHold.objects.active()
    return Q(**{f"{prefix}pk__in": active.filter(internship__isnull=False).values("internship_id")}) | Q(
        **{f"{prefix}student_id__in": active.filter(student__isnull=False).values("student_id")}
    )


def sensitive_type_ids(network: Network) -> list[int]:
    return [t.pk for t in DocumentType.objects.filter(network=network) if is_sensitive(t.name)]


def _ended(network: Network, today: date) -> QuerySet[Internship]:
    return Internship.objects.filter(school__network=network).filter(
        Q(status=Internship.Status.CLOSED) | Q(end_date__lte=today - OPEN_GRACE)
    )


def due_internships(network: Network, rule: Rule, until: date, today: date, *, held: bool = False) -> QuerySet[Internship]:
    """The internships whose ``rule.record_type`` is due by ``until`` and not yet removed:
    without a hold (or, ``held=True``, only those under one)."""
    qs = _ended(network, today).filter(end_date__lte=rule.latest_anchor(until)).exclude(
        pk__in=RetentionDone.objects.filter(record_type=rule.record_type).values("internship_id")
    )
    return qs.filter(held_q()) if held else qs.exclude(held_q())


def items_of(record_type: str, internships: QuerySet[Internship], sensitive: list[int]) -> list[tuple[QuerySet, str]]:
    """What the job removes of ``record_type`` for those internships: (queryset, lookup of the
    internship) pairs; each row counts as one item."""
    t = record_type
    if t in (T.SENSITIVE_DOCUMENTS, T.DOCUMENTS):
        kinds = Q(document_type_id__in=sensitive)
        documents = RequiredDocument.objects.filter(internship__in=internships)
        documents = documents.filter(kinds) if t == T.SENSITIVE_DOCUMENTS else documents.exclude(kinds)
        return [(documents.exclude(file=""), "internship"), (DocumentVersion.objects.filter(document__in=documents), "document__internship")]
    if t == T.SHEETS:
        return [(FeedbackSheet.objects.filter(internship__in=internships), "internship"),
                (ActivityEntry.objects.filter(internship__in=internships), "internship")]
    if t == T.HOURS:
        return [(HourEntry.objects.filter(internship__in=internships), "internship")]
    if t == T.VISITS:
        return [(Visit.objects.filter(internship__in=internships), "internship"),
                (IntakeMeeting.objects.filter(internship__in=internships), "internship")]
    if t == T.EVALUATIONS:
        return [(Evaluation.objects.filter(internship__in=internships), "internship")]
    if t == T.DECISIONS:
        return [(Evaluation.objects.filter(internship__in=internships).exclude(decision=""), "internship")]
    if t == T.HISTORY:
        return [(model.history.filter(**{f"{lookup}__in": internships}), lookup) for model, lookup in HISTORY_MODELS]
    raise ValueError(t)


#: The history tables of what belongs to an internship, with the column naming it.
HISTORY_MODELS = (
    (Internship, "id"), (IntakeMeeting, "internship_id"), (RequiredDocument, "internship_id"), (Visit, "internship_id"), (HourEntry, "internship_id"),
    (FeedbackSheet, "internship_id"), (Evaluation, "internship_id"), (ActivityEntry, "internship_id"),
)


def _before(day: date) -> datetime:
    """The first moment after ``day`` (local time): rows made before it are made on or before ``day``."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def record_rows(network: Network, rule: Rule, until: date) -> QuerySet:
    """Rows of a kind that stands on its own (audit, notifications, exports) due by ``until``,
    without those about an internship or student under a hold."""
    cutoff = _before(rule.latest_anchor(until))
    active = LegalHold.objects.active()
    held_students = active.filter(student__isnull=False).values("student_id")
    held_internships = active.filter(internship__isnull=False).values("internship_id")
    if rule.record_type == T.AUDIT:
        return AccessEvent.objects.filter(network=network, at__lt=cutoff).exclude(
            Q(student_id__in=held_students) | Q(internship_id__in=held_internships)
            | Q(internship__student_id__in=held_students)
        )
    if rule.record_type == T.NOTIFICATIONS:
        return Notification.objects.filter(network=network, created_at__lt=cutoff).exclude(
            Q(internship_id__in=held_internships) | Q(internship__student_id__in=held_students)
        )
    if rule.record_type == T.EXPORTS:
        return ExportJob.objects.filter(school__network=network, created_at__lt=cutoff).exclude(
            status=ExportJob.Status.RUNNING, updated_at__gt=timezone.now() - timedelta(days=1)
        )
    raise ValueError(rule.record_type)


# --------------------------------------------------------------------------- the preview


@dataclass
class Cell:
    items: int = 0
    students: set = field(default_factory=set)

    @property
    def n_students(self) -> int:
        return len(self.students)

    @property
    def shown(self) -> str:
        """The coordinator's view: the number of students, "< 5" for a smaller group."""
        n = len(self.students)
        if not n:
            return "0"
        return "< 5" if n < MIN_GROUP else str(n)

    @property
    def shown_items(self) -> str:
        return str(self.items) if len(self.students) >= MIN_GROUP or not self.students else "–"


def preview_counts(network: Network, today: date, days: int = PREVIEW_DAYS) -> dict:
    """The coordinator's preview: per school and kind, how many students' records the job
    removes in the next ``days`` days (no names); the kinds standing on their own as totals."""
    until = today + timedelta(days=days)
    rules = policy_of(network)
    sensitive = sensitive_type_ids(network)
    schools: dict[int, dict[str, Cell]] = {}
    names: dict[int, str] = {}
    totals = {t: Cell() for t in INTERNSHIP_TYPES}
    for t in INTERNSHIP_TYPES:
        due = due_internships(network, rules[t], until, today)
        for qs, lookup in items_of(t, due, sensitive):
            prefix = "" if lookup == "id" else f"{lookup.removesuffix('_id')}__"
            rows = qs.values(r_school=F(f"{prefix}school_id"), r_school_name=F(f"{prefix}school__name"),
                             r_student=F(f"{prefix}student_id")).annotate(n=Count("pk")).order_by()
            for row in rows:
                names[row["r_school"]] = row["r_school_name"]
                cell = schools.setdefault(row["r_school"], {}).setdefault(t, Cell())
                cell.items += row["n"]
                cell.students.add(row["r_student"])
                totals[t].items += row["n"]
                totals[t].students.add(row["r_student"])
    any_due = Q()
    for t in INTERNSHIP_TYPES:
        any_due |= Q(end_date__lte=rules[t].latest_anchor(until)) & ~Q(
            pk__in=RetentionDone.objects.filter(record_type=t).values("internship_id"))
    held = set(_ended(network, today).filter(held_q()).filter(any_due).values_list("student_id", flat=True))
    standalone = {t: record_rows(network, rules[t], until).count() for t in RECORD_TYPES}
    ordered = sorted(schools, key=lambda pk: names[pk])
    return {
        "until": until, "types": INTERNSHIP_TYPES, "record_types": RECORD_TYPES,
        "schools": [{"name": names[pk], "cells": [schools[pk].get(t, Cell()) for t in INTERNSHIP_TYPES]} for pk in ordered],
        "totals": [totals[t] for t in INTERNSHIP_TYPES], "standalone": [(t, standalone[t]) for t in RECORD_TYPES],
        "held": Cell(students=held),
    }


@dataclass
class DueRow:
    internship: Internship
    record_type: str
    due: date
    items: int
    held: bool


def preview_for_school(network: Network, school_ids: set[int], today: date, days: int = PREVIEW_DAYS) -> list[DueRow]:
    """The school admin's preview: per internship of their schools and kind, the day it is
    removed and how many items; the ones a hold keeps, marked. The number of queries depends on
    the kinds (one per table), not on the number of internships."""
    until = today + timedelta(days=days)
    rules = policy_of(network)
    sensitive = sensitive_type_ids(network)
    ours = _ended(network, today).filter(school_id__in=school_ids)
    held = set(ours.filter(held_q()).values_list("pk", flat=True))
    counts: dict[tuple, int] = {}
    for t in INTERNSHIP_TYPES:
        due = ours.filter(end_date__lte=rules[t].latest_anchor(until)).exclude(
            pk__in=RetentionDone.objects.filter(record_type=t).values("internship_id"))
        for qs, lookup in items_of(t, due, sensitive):
            for row in qs.values(r_key=F(lookup)).annotate(n=Count("pk")).order_by():
                counts[(row["r_key"], t)] = counts.get((row["r_key"], t), 0) + row["n"]
    internships = {i.pk: i for i in Internship.objects.filter(pk__in={pk for pk, _t in counts}).select_related("student", "site")}
    out = [DueRow(internships[pk], t, rules[t].expires(internships[pk].end_date), n, pk in held)
           for (pk, t), n in counts.items() if pk in internships]
    out.sort(key=lambda r: (r.due, r.internship.student.last_name, r.record_type))
    return out


def holds_of_schools(school_ids: set[int]) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(
        Q(student__school_id__in=school_ids) | Q(internship__school_id__in=school_ids)
    ).select_related("student", "internship__student", "internship__site", "placed_by", "lifted_by").order_by(
        F("lifted_at").desc(nulls_first=True), "-placed_at"
    )


def active_holds_on_student(student) -> list[LegalHold]:
    return list(LegalHold.objects.active().filter(Q(student=student) | Q(internship__student=student))
                .select_related("placed_by", "internship__site"))


def active_holds_on_internship(internship) -> list[LegalHold]:
    return list(LegalHold.objects.active().filter(Q(internship=internship) | Q(student_id=internship.student_id))
                .select_related("placed_by"))


def internships_by_pk(pks: list) -> QuerySet[Internship]:
    return Internship.objects.filter(pk__in=pks)


def documents_of(internships: QuerySet[Internship]) -> QuerySet[RequiredDocument]:
    return RequiredDocument.objects.filter(internship__in=internships)


def orphan_digests(today: date) -> QuerySet[Digest]:
    """Daily digests older than a month whose notifications are all gone."""
    return Digest.objects.filter(day__lt=today - timedelta(days=31), notifications__isnull=True)


def sheet_parts(sheets: QuerySet[FeedbackSheet]) -> dict[str, QuerySet]:
    """The addenda, read receipts and ratings of those sheets (for ``purge.blank_sheets``)."""
    return {"addenda": FeedbackAddendum.objects.filter(sheet__in=sheets), "reads": SheetRead.objects.filter(sheet__in=sheets),
            "ratings": FeedbackRating.objects.filter(sheet__in=sheets)}


def cluster_remarks(evaluations: QuerySet[Evaluation]) -> QuerySet[EvaluationClusterRemark]:
    return EvaluationClusterRemark.objects.filter(evaluation__in=evaluations)


def privacy_networks() -> QuerySet[Network]:
    return Network.objects.order_by("name")
