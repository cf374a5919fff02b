"""Reading the access audit (ADR 0022): who looked at what of one student.

``student_events(student, ...)`` is what the school admin's and the student's pages list:
the rows that name the student, plus the downloads of batch exports whose ZIP held one of the
student's internships (an export row names the school's job, not each student in it). Newest
first; ``what`` filters on one kind. ``describe(rows, ...)`` gives each shown row its Dutch
label and a link to the object where it still exists (a bounded query per kind of object on
the page, never one per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from audit.models import AccessEvent
from tenancy.models import Role

W = AccessEvent.What

#: What each kind of row is called on the pages (the model's choices are the English codes).
WHAT_LABELS: dict[str, Any] = {
    W.RECORD: _("Student record"),
    W.INTERNSHIP: _("Internship page"),
    W.SHEET: _("Feedback sheet"),
    W.EVALUATION: _("Evaluation"),
    W.PROGRESS: _("Progress grid"),
    W.ACTIVITIES: _("Activity list"),
    W.DOCUMENT: _("Uploaded document"),
    W.PDF: _("PDF"),
    W.EXPORT: _("Export (ZIP)"),
}

#: Which PDF: the URL name of the row's path.
PDF_LABELS: dict[str, Any] = {
    "sheet": _("feedback sheet"),
    "evaluation": _("evaluation"),
    "activities": _("activity list"),
    "intake": _("intake meeting"),
    "visits": _("visits"),
    "hours": _("hours"),
    "dossier": _("dossier"),
}


def what_choices() -> list[tuple[str, str]]:
    return [(value, str(WHAT_LABELS[value])) for value in W.values]


def _export_job_ids(student) -> list[str]:
    from exports.models import ExportJob
    from internships.models import Internship

    mine = {str(pk) for pk in Internship.objects.filter(student=student).values_list("pk", flat=True)}
    if not mine:
        return []
    jobs = ExportJob.objects.filter(school_id=student.school_id).values_list("pk", "internship_ids")
    return [str(pk) for pk, ids in jobs if mine & {str(i) for i in (ids or [])}]


def student_events(student, *, what: str = "", leave_out_user=None) -> QuerySet[AccessEvent]:
    """The audit rows about ``student``, newest first (``what``: one kind only; ``leave_out_user``:
    the student's own looks, left out of the page they read themselves)."""
    q = Q(student_id=student.pk)
    if job_ids := _export_job_ids(student):
        q |= Q(what=W.EXPORT, object_id__in=job_ids, student__isnull=True)
    rows = AccessEvent.objects.filter(q).select_related("user").order_by("-at", "-id")
    if what in W.values:
        rows = rows.filter(what=what)
    if leave_out_user is not None:
        rows = rows.exclude(user_id=leave_out_user.pk)
    return rows


@dataclass(frozen=True)
class Row:
    at: object
    person: str
    role: str
    what: str
    url: str


def _existing(model, ids) -> set[str]:
    if not ids:
        return set()
    return {str(pk) for pk in model.objects.filter(pk__in=list(ids)).values_list("pk", flat=True)}


def _pdf_kind(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return str(PDF_LABELS.get(match.url_name or "", ""))


def describe(events, *, student, with_links: bool) -> list[Row]:
    """The shown rows with their labels, and (``with_links``) a link to what was looked at
    where it still exists."""
    from evaluations.models import Evaluation, FeedbackSheet
    from exports.models import ExportJob
    from internships.models import Internship

    events = list(events)
    exists: dict[str, set[str]] = {}
    if with_links:
        exists["internship"] = _existing(Internship, {str(e.internship_id) for e in events if e.internship_id})
        exists["sheet"] = _existing(FeedbackSheet, {e.object_id for e in events if e.what == W.SHEET and e.object_id})
        exists["evaluation"] = _existing(Evaluation, {e.object_id for e in events if e.what == W.EVALUATION and e.object_id})
        exists["export"] = _existing(ExportJob, {e.object_id for e in events if e.what == W.EXPORT and e.object_id})
    rows = []
    for e in events:
        label = str(WHAT_LABELS.get(e.what, e.what))
        if e.what == W.PDF and (kind := _pdf_kind(e.path)):
            label = f"{label}: {kind}"
        elif e.what == W.INTERNSHIP and e.object_id == "intake":
            label = f"{label}: {_('intake meeting')}"
        elif e.what == W.INTERNSHIP and e.object_id.startswith("visit/"):
            label = f"{label}: {_('visit')}"
        elif e.what == W.RECORD and e.object_id == "edit":
            label = f"{label}: {_('edit form')}"
        url = _link(e, student, exists) if with_links else ""
        person = (e.user.full_name or e.user.email) if e.user is not None else str(_("a former user"))
        role = str(Role(e.role).label) if e.role in Role.values else "–"
        rows.append(Row(at=e.at, person=person, role=role, what=label, url=url))
    return rows


def _link(e: AccessEvent, student, exists: dict[str, set[str]]) -> str:
    internship = str(e.internship_id) if e.internship_id and str(e.internship_id) in exists["internship"] else ""
    if e.what == W.RECORD:
        return reverse("schools:student", args=[student.pk])
    if e.what == W.EXPORT:
        return reverse("exports:job", args=[e.object_id]) if e.object_id in exists["export"] else ""
    if not internship:
        return ""
    if e.what == W.SHEET and e.object_id in exists["sheet"]:
        return reverse("feedback:sheet_detail", args=[internship, e.object_id])
    if e.what == W.EVALUATION and e.object_id in exists["evaluation"]:
        return reverse("evaluations:evaluation_detail", args=[internship, e.object_id])
    if e.what == W.PROGRESS:
        return reverse("progress:progress_detail", args=[internship])
    if e.what == W.ACTIVITIES:
        return reverse("activities:activity_list", kwargs={"internship_pk": internship})
    anchor = "#documents" if e.what == W.DOCUMENT else ""
    return reverse("internships:detail", args=[internship]) + anchor
