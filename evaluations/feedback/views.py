"""Feedback sheets: the mentor writes them on a phone (autosaved), submits; the coach reviews
where the site asks it; the student reads and reflects; the teacher follows them.

Sheets are found through ``access.feedback_sheets_visible_to`` (not yours → 404); what one
may do on a sheet is ``access.sheet_rights`` (may not → 403)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from evaluations.feedback import selectors, services
from evaluations.feedback.models import FeedbackSheet
from web.service_messages import report_errors, run_service


def _sheet(request, internship_pk, pk) -> tuple[FeedbackSheet, access.SheetRights]:
    """The sheet, when this person sees it and it belongs to the internship of the URL (else 404)."""
    sheet = get_object_or_404(
        access.feedback_sheets_visible_to(request.user).filter(internship_id=internship_pk).select_related(
            "internship", "internship__student", "internship__student__group", "internship__site",
            "internship__school", "internship__mentor", "internship__teacher", "internship__catalogue_version",
            "author", "updated_by", "reviewed_by",
        ),
        pk=pk,
    )
    return sheet, access.sheet_rights(request.user, sheet)


_require = access.require


def _url(name: str, sheet: FeedbackSheet) -> str:
    return reverse(f"feedback:{name}", kwargs={"internship_pk": sheet.internship_id, "pk": sheet.pk})


@login_required
@require_POST
def sheet_new(request, internship_pk):
    internship = access.internship_or_404(request.user, internship_pk)
    _require(access.internship_rights(request.user, internship).write_feedback)
    try:
        sheet = services.sheet_start(internship=internship, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("internships:detail", pk=internship.pk)
    return redirect(_url("sheet_detail", sheet))


@login_required
@require_safe
def sheet_detail(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    if rights.edit:
        return _render_edit(request, sheet, rights)
    services.mark_read(sheet=sheet, user=request.user)
    context = {"sheet": sheet, "rights": rights, **selectors.sheet_read(sheet)}
    return render(request, "evaluations/sheet_read.html", context)


def _render_edit(request, sheet, rights, *, posted=None, conflict=None, errors=(), status=200):
    context = {"sheet": sheet, "rights": rights, "posted": posted, "conflict": conflict, "errors": errors,
               **selectors.sheet_edit(sheet, posted=posted)}
    return render(request, "evaluations/sheet_edit.html", context, status=status)


INVALID = object()  # a date that could not be read

def _posted(request, sheet) -> dict:
    """The sheet's fields as sent by the form: texts, date, and per indicator level + remark."""
    ratings = {}
    for key, value in request.POST.items():
        if key.startswith("level-") or key.startswith("remark-"):
            kind, _sep, raw_id = key.partition("-")
            indicator_id = int(raw_id) if raw_id.isdecimal() and 0 < int(raw_id) < 2**31 else None
            if indicator_id is None:
                continue  # not an id of ours: ignored
            level, remark = ratings.get(indicator_id, (None, ""))
            if kind == "level":
                if not value:
                    level = None
                elif value.isdecimal() and int(value) < 2**31:
                    level = int(value)
                else:
                    level = -1  # not on any scale: refused by the service with a message
            else:
                remark = value
            ratings[indicator_id] = (level, remark)
    try:
        day = date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        day = None
    revision = request.POST.get("overwrite") or request.POST.get("revision")
    raw_end = request.POST.get("date_end")
    if raw_end is None:
        day_end = services.KEEP  # not on the form that sent this: leave it
    elif not raw_end.strip():
        day_end = None
    else:
        try:
            day_end = date.fromisoformat(raw_end.strip())
        except ValueError:
            day_end = INVALID
    return {
        "revision": int(revision) if (revision or "").isdecimal() and len(revision) < 10 else None,
        "date": day,
        "date_end": day_end,
        "strengths": request.POST.get("strengths", ""),
        "work_points": request.POST.get("work_points", ""),
        "agreements": request.POST.get("agreements", ""),
        "ratings": ratings,
    }


def _save(request, sheet, rights):
    """Save the posted draft. Returns (sheet, None) or (None, response) on a problem."""
    posted = _posted(request, sheet)
    if request.POST.get("carry"):
        previous = selectors.previous_open_points(sheet)
        if previous:
            for field in ("work_points", "agreements"):
                old = getattr(previous, field).strip()
                if old and old not in posted[field]:
                    posted[field] = (posted[field].rstrip() + "\n" + old).strip()
    try:
        if posted["date"] is None or posted["date_end"] is INVALID:
            raise ValidationError(_("Give a valid date."))
        saved = services.sheet_save(
            sheet=sheet, by=request.user, revision=posted["revision"], day=posted["date"], strengths=posted["strengths"],
            work_points=posted["work_points"], agreements=posted["agreements"], ratings=posted["ratings"],
            day_end=posted["date_end"],
        )
    except services.SheetConflict as conflict:
        if request.htmx:
            return None, render(request, "evaluations/_save_state.html", {"conflict": conflict.current}, status=200)
        return None, _render_edit(request, sheet, rights, posted=posted, conflict=conflict.current, status=409)
    except ValidationError as error:
        if request.htmx:
            return None, render(request, "evaluations/_save_state.html", {"errors": error.messages}, status=200)
        return None, _render_edit(request, sheet, rights, posted=posted, errors=error.messages, status=400)
    return saved, None


@login_required
@require_POST
def sheet_save(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.edit)
    saved, problem = _save(request, sheet, rights)
    if problem:
        return problem
    if request.htmx:
        return render(request, "evaluations/_save_state.html", {"sheet": saved, "saved_at": timezone.localtime()})
    messages.success(request, _("Saved."))
    return redirect(_url("sheet_detail", sheet) + ("#work-points" if request.POST.get("carry") else ""))


@login_required
@require_POST
def sheet_submit(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.submit)
    saved, problem = _save(request, sheet, rights)
    if problem:
        return problem
    try:
        submitted = services.sheet_submit(sheet=saved, by=request.user)
    except ValidationError as error:
        return _render_edit(request, saved, rights, errors=error.messages, status=400)
    if submitted.status == FeedbackSheet.Status.IN_REVIEW:
        messages.success(request, _("Submitted: the coach reads it before it goes to the student and the teacher."))
    else:
        messages.success(request, _("Submitted: the student and the teacher can read it now."))
    return redirect("internships:detail", pk=sheet.internship_id)


@login_required
@require_POST
def sheet_review(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.review)
    approve = request.POST.get("decision") != "return"
    return run_service(
        request,
        lambda: services.sheet_review(sheet=sheet, by=request.user, comment=request.POST.get("comment", ""), approve=approve),
        success=_("Approved and shared.") if approve else _("Sent back to the mentor with your comment."),
        ok_url=reverse("feedback:review_queue"), error_url=_url("sheet_detail", sheet),
    )


@login_required
@require_POST
def sheet_reflect(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.reflect)
    return run_service(
        request,
        lambda: services.sheet_reflect(sheet=sheet, by=request.user, reflection=request.POST.get("reflection", "")),
        success=_("Your reflection is saved."), ok_url=_url("sheet_detail", sheet) + "#reflection",
    )


@login_required
@require_POST
def sheet_addendum(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.addendum)
    return run_service(
        request,
        lambda: services.sheet_addendum(sheet=sheet, by=request.user, text=request.POST.get("text", "")),
        success=_("Addendum added."), ok_url=_url("sheet_detail", sheet) + "#addenda",
    )


@login_required
@require_safe
def review_queue(request):
    if not access.coach_site_ids(request.user):
        raise PermissionDenied
    sheets = selectors.review_queue(request.user)
    return render(request, "evaluations/review_queue.html", {"sheets": sheets})
