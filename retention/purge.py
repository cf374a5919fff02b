"""Deletion primitives, shared by the retention job (and meant for erasure): each takes the
querysets of what to remove, so the caller (a service) decides which rows; each returns how
many rows it removed or blanked. Files go from storage once the transaction commits.

The database guards of signed evaluations and shared feedback sheets (ADR 0011) refuse these
changes; ``audit.purge.guards_lifted()`` lets them through for one transaction, the same way
erasure passes (ADR 0023, 0024).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

#: Keys of a stored snapshot (a shared sheet's, a signed evaluation's) that hold written text.
TEXT_KEYS = frozenset({"strengths", "work_points", "agreements", "coach_comment", "remark", "advice", "assessment",
                       "correction_reason", "conversation_present"})


def delete_files_on_commit(names: Iterable[tuple[Any, str]]) -> None:
    """Delete (storage, name) files once the transaction commits."""
    files = [(storage, name) for storage, name in names if name]

    def remove():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                pass

    if files:
        transaction.on_commit(remove)


def delete_history(history: QuerySet) -> int:
    """Delete history rows (a ``Model.history`` queryset)."""
    return history.delete()[0]


def delete_document_files(documents: QuerySet, versions: QuerySet) -> int:
    """Remove the uploaded files of required documents and their earlier versions: the version
    rows go, each document keeps its row and status without file, name or uploader, and their
    history rows go (they name the files). Returns the number of files removed."""
    field = documents.model._meta.get_field("file")
    doomed = [(field.storage, name) for name in documents.exclude(file="").values_list("file", flat=True)]
    doomed += [(field.storage, name) for name in versions.values_list("file", flat=True)]
    removed = versions.delete()[0]
    removed += documents.exclude(file="").update(file="", file_name="", file_type="", uploaded_by=None, uploaded_at=None)
    documents.model.history.filter(id__in=documents.values("pk")).delete()
    delete_files_on_commit(doomed)
    return removed


def scrub(value: Any) -> Any:
    """A snapshot with every written text blanked (levels, dates, names of the record stay)."""
    if isinstance(value, dict):
        return {k: ("" if k in TEXT_KEYS and isinstance(v, str) else scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def blank_sheets(sheets: QuerySet, activities: QuerySet, *, addenda: QuerySet, reads: QuerySet, ratings: QuerySet) -> int:
    """Feedback sheets and activity lists: a draft (never shared) goes; a shared sheet keeps
    its date, author, status and levels (the calibration figures count them) without any text
    (strengths, points, agreements, the coach's comment, the reflection, remarks, addenda); an
    activity keeps its level without note. History rows go. ``addenda``, ``reads`` and
    ``ratings`` are those of ``sheets``. Call inside ``guards_lifted()``."""
    shared_status = "shared"
    count = sheets.count() + activities.count()
    shared = sheets.filter(status=shared_status)
    sheets.model.history.filter(id__in=sheets.values("pk")).delete()
    activities.model.history.filter(id__in=activities.values("pk")).delete()
    addenda.delete()
    reads.delete()
    ratings.filter(sheet__status=shared_status).exclude(remark="").update(remark="")
    for pk, snapshot in shared.exclude(snapshot=None).values_list("pk", "snapshot"):
        shared.filter(pk=pk).update(snapshot=scrub(snapshot))
    shared.update(strengths="", work_points="", agreements="", coach_comment="", reflection="", reflection_at=None)
    sheets.exclude(status=shared_status).delete()
    activities.update(note="")
    return count


def delete_hours(entries: QuerySet) -> int:
    """Hour entries go (the internship keeps its total of hours done), with their history."""
    entries.model.history.filter(id__in=entries.values("pk")).delete()
    return entries.delete()[0]


def blank_visits(visits: QuerySet) -> int:
    """Visits keep date and status (how many visits) without notes, agreements or names."""
    visits.model.history.filter(id__in=visits.values("pk")).delete()
    return visits.update(notes="", agreements="", with_whom="")


def blank_intakes(intakes: QuerySet) -> int:
    """The intake meeting keeps its date without who attended, expectations, goals or agreements."""
    intakes.model.history.filter(id__in=intakes.values("pk")).delete()
    return intakes.update(attendees="", student_expectations="", learning_goals="", site_expectations="",
                          practical_agreements="")


def blank_evaluations(evaluations: QuerySet, *, remarks: QuerySet) -> int:
    """Evaluations keep their levels, signatures and decision (the figures and the result) without
    any text: advice, assessment, correction reason, who was present, cluster remarks (``remarks``:
    those of ``evaluations``). History rows go. Call inside ``guards_lifted()``."""
    evaluations.model.history.filter(id__in=evaluations.values("pk")).delete()
    remarks.exclude(remark="").update(remark="")
    for pk, snapshot in evaluations.exclude(snapshot=None).values_list("pk", "snapshot"):
        evaluations.filter(pk=pk).update(snapshot=scrub(snapshot))
    return evaluations.update(mentor_advice="", school_assessment="", correction_reason="", conversation_present="")


def clear_decisions(evaluations: QuerySet) -> int:
    """The last of an evaluation: its decision (and the snapshot that repeats it). Call inside
    ``guards_lifted()``."""
    count = evaluations.exclude(decision="").count()
    evaluations.update(decision="", snapshot=None)
    return count
