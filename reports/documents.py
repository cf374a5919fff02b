"""One function per document, each returning the PDF's bytes.

Every function takes the person (``user``) and an object they may already see (the views find
it through ``access``; not theirs → 404 before anything is rendered). What of it the
PDF shows is decided here with the same rights as the page (``access.sheet_rights``,
``access.evaluation_rights``), from the same selectors as the page — never more."""

from __future__ import annotations

from django.utils.translation import gettext as _

import access
from catalogue.models import CatalogueVersion
from catalogue.selectors import rating_outline, version_outline
from evaluations.activities.selectors import activity_overview
from evaluations.evaluation.selectors import evaluation_document
from evaluations.feedback.selectors import READ_PREFETCH, sheet_document
from evaluations.models import ActivityEntry, Evaluation, FeedbackSheet
from internships.models import HourEntry, Internship
from internships.selectors import intake_of, overrides_of, week_grid
from reports.pdf import render_pdf
from web.pages import context_of

BLANK_KINDS = ("feedback", "activities", "evaluation")

INTERNSHIP_RELATED = (
    "student", "student__group", "school", "school__network", "site", "site__organisation", "mentor", "teacher",
    "catalogue_version", "catalogue_version__programme",
)


# --------------------------------------------------------------------------- frame


def _internship_frame(internship: Internship) -> dict:
    """What every page of an internship's document shows in its header and footer."""
    return {
        "internship": internship,
        "header": {
            "network": internship.school.network.name,
            "school": internship.school.name,
            "site": f"{internship.site.organisation.name} · {internship.site.name}",
            "subject": internship.student.full_name,
        },
        "catalogue_version": internship.catalogue_version,
    }


def _names_frame(internship: Internship, names) -> dict:
    """The header and footer of a signed (or shared) document: the names stored with it."""
    return {
        "internship": internship,
        "header": {
            "network": names.network,
            "school": names.school,
            "site": f"{names.organisation} · {names.site}",
            "subject": names.student,
        },
        "catalogue_version": names.catalogue,
    }


def _version_frame(version: CatalogueVersion) -> dict:
    return {
        "header": {
            "network": version.programme.network.name,
            "school": version.programme.name,
            "site": _("version %(label)s") % {"label": version.label},
            "subject": "",
        },
        "catalogue_version": version,
        "version": version,
    }


# --------------------------------------------------------------------------- sections
# A section is one document inside a PDF: its template, an anchor and title for the table of
# contents, and its data. Standalone PDFs have one section; the dossier has them all.


# A shared sheet and an evaluation are rendered from what they show (``doc.shown``): a shared
# sheet and a locked evaluation from the snapshot stored when it was shared or locked, so a
# later renaming does not change them (ADR 0011); ``doc.head`` is the document's own header.


def _sheet_section(user, sheet: FeedbackSheet, outline: tuple | None = None) -> dict:
    rights = access.sheet_rights(user, sheet)
    document = sheet_document(sheet, outline)
    shown = document["shown"]
    return {
        "template": "pdf/_sheet.html",
        "anchor": f"sheet-{sheet.pk}",
        "title": _("Feedback sheet") + f" {shown.date:%d/%m/%Y}" + (f" – {shown.date_end:%d/%m/%Y}" if shown.date_end else ""),
        "sheet": sheet,
        "rights": rights,
        "head": shown.names,
        **document,
    }


def _evaluation_section(user, evaluation: Evaluation) -> dict:
    rights = access.evaluation_rights(user, evaluation)
    title = evaluation.get_kind_display().capitalize()
    if evaluation.number > 1:
        title += " · " + _("revision %(n)s") % {"n": evaluation.number}
    document = evaluation_document(evaluation)
    return {
        "template": "pdf/_evaluation.html",
        "anchor": f"evaluation-{evaluation.pk}",
        "title": title,
        "evaluation": evaluation,
        "rights": rights,
        "head": document["shown"].names,
        **document,
    }


def _activities_section(internship) -> dict:
    return {
        "template": "pdf/_activities.html",
        "anchor": "activities",
        "title": _("Activity list"),
        "overview": activity_overview(internship),
    }


def _intake_section(internship) -> dict:
    intake = intake_of(internship)
    schedule = list(internship.schedule.all())
    return {
        "template": "pdf/_intake.html",
        "anchor": "intake",
        "title": _("Intake meeting and schedule"),
        "intake": intake,
        "schedule": schedule,
        "week": week_grid(schedule),
        "week_hours": sum(s.hours for s in schedule),
    }


def _documents_section(internship) -> dict:
    """The required documents and their status, and what the school admin decided despite a
    guardrail (start or close), with the reasons."""
    return {
        "template": "pdf/_documents.html",
        "anchor": "documents",
        "title": _("Required documents"),
        "documents": list(internship.documents.select_related("document_type", "changed_by")),
        "overrides": overrides_of(internship),
    }


def _visits_section(internship) -> dict:
    return {
        "template": "pdf/_visits.html",
        "anchor": "visits",
        "title": _("Visits"),
        "visits": sorted(internship.visits.select_related("created_by"), key=lambda v: (v.date, v.pk)),
    }


def _hours_section(internship) -> dict:
    entries = sorted(internship.hour_entries.select_related("logged_by", "confirmed_by"), key=lambda e: e.date)
    return {
        "template": "pdf/_hours.html",
        "anchor": "hours",
        "title": _("Hours"),
        "entries": entries,
        "absences": sum(1 for e in entries if e.is_absence and e.status != HourEntry.Status.REJECTED),
        "confirmed_hours": sum((e.hours for e in entries if e.status == HourEntry.Status.CONFIRMED and not e.is_absence), 0),
    }


def _document(frame: dict, sections: list[dict], *, title: str, request=None) -> bytes:
    return render_pdf("pdf/document.html", {**frame, "sections": sections, "title": title}, request=request)


# --------------------------------------------------------------------------- documents


def sheet_pdf(user, sheet: FeedbackSheet, *, request=None) -> bytes:
    section = _sheet_section(user, sheet)
    return _document(_names_frame(sheet.internship, section["head"]), [section], title=section["title"], request=request)


def evaluation_pdf(user, evaluation: Evaluation, *, request=None) -> bytes:
    section = _evaluation_section(user, evaluation)
    return _document(_names_frame(evaluation.internship, section["head"]), [section], title=section["title"], request=request)


def activities_pdf(user, internship: Internship, *, request=None) -> bytes:
    section = _activities_section(internship)
    return _document(_internship_frame(internship), [section], title=section["title"], request=request)


def intake_pdf(user, internship: Internship, *, request=None) -> bytes:
    section = _intake_section(internship)
    return _document(_internship_frame(internship), [section], title=section["title"], request=request)


def visits_pdf(user, internship: Internship, *, request=None) -> bytes:
    section = _visits_section(internship)
    return _document(_internship_frame(internship), [section], title=section["title"], request=request)


def hours_pdf(user, internship: Internship, *, request=None) -> bytes:
    section = _hours_section(internship)
    return _document(_internship_frame(internship), [section], title=section["title"], request=request)


def dossier_sections(user, internship: Internship) -> list[dict]:
    """Every document of the internship the person may see, in order: intake, the required
    documents (with the overrides of the guardrails), the feedback
    sheets (oldest first), the activity list, the evaluations (midterm, final; each revision),
    the visits and the hours."""
    sheets = list(
        access.feedback_sheets_visible_to(user).filter(internship=internship)
        .select_related("author", "reviewed_by").prefetch_related(*READ_PREFETCH).order_by("date", "created_at")
    )
    outline = rating_outline(internship.catalogue_version_id)
    evaluations = list(
        access.evaluations_visible_to(user).filter(internship=internship)
        .select_related("mentor_signed_by", "teacher_signed_by", "revision_of").order_by("-kind", "number")
    )  # "midterm" > "final": midterm first
    for obj in [*sheets, *evaluations]:
        obj.internship = internship  # already loaded with everything the frame needs
    return [
        _intake_section(internship),
        _documents_section(internship),
        *(_sheet_section(user, s, outline) for s in sheets),
        _activities_section(internship),
        *(_evaluation_section(user, e) for e in evaluations),
        _visits_section(internship),
        _hours_section(internship),
    ]


def dossier_pdf(user, internship: Internship, *, request=None) -> bytes:
    sections = dossier_sections(user, internship)
    context = {
        **_internship_frame(internship),
        "sections": sections,
        "title": _("Internship dossier"),
        "n_sheets": sum(1 for s in sections if s["template"] == "pdf/_sheet.html"),
        "n_evaluations": sum(1 for s in sections if s["template"] == "pdf/_evaluation.html"),
    }
    return render_pdf("pdf/dossier.html", context, request=request)


def blank_pdf(user, version: CatalogueVersion, kind: str, *, request=None) -> bytes:
    """An empty uniform form of a catalogue version (the paper fallback)."""
    if kind not in BLANK_KINDS:
        raise ValueError(kind)
    outline = version_outline(version)
    titles = {"feedback": _("Feedback sheet"), "activities": _("Activity list"), "evaluation": _("Evaluation")}
    context = {
        **_version_frame(version),
        **context_of(outline),
        "kind": kind,
        "title": titles[kind],
        "activity_levels": ActivityEntry.Level.choices,
        "decisions": [label for value, label in Evaluation.Decision.choices if value],
        "blank_rows": range(4),
    }
    return render_pdf("pdf/blank.html", context, request=request)


def catalogue_pdf(user, version: CatalogueVersion, *, request=None) -> bytes:
    """A version's clusters, indicators, scale and activities, for meetings."""
    return render_pdf(
        "pdf/catalogue.html",
        {**_version_frame(version), **context_of(version_outline(version)), "title": str(version)},
        request=request,
    )


__all__ = [
    "BLANK_KINDS", "INTERNSHIP_RELATED", "activities_pdf", "blank_pdf", "catalogue_pdf", "dossier_pdf", "dossier_sections",
    "evaluation_pdf", "hours_pdf", "intake_pdf", "sheet_pdf", "visits_pdf",
]

