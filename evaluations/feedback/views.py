"""Feedback sheets: the mentor writes them on a phone (autosaved), submits; the coach reviews
where the site asks it; the student reads and reflects; the teacher follows them.

Sheets are found through ``access.feedback_sheets_visible_to`` (not yours → 404); what one
may do on a sheet is ``access.sheet_rights`` (may not → 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from audit import services as audit
from evaluations.feedback import selectors, services
from evaluations.feedback.forms import AddendumForm, ReflectionForm, ReviewForm, SheetForm
from evaluations.feedback.models import FeedbackSheet
from web.service_messages import messages_of, report_errors, run_form


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
    audit.record(request, audit.What.SHEET, internship=sheet.internship, object_id=sheet.pk)
    if rights.edit:
        return _render_edit(request, sheet, rights)
    services.mark_read(sheet=sheet, user=request.user)
    context = {"sheet": sheet, "rights": rights, **selectors.sheet_read(sheet),
               "entries": selectors.sheet_history(sheet, see_coach_comment=rights.see_coach_comment)}
    return render(request, "evaluations/sheet_read.html", context)


def _render_edit(request, sheet, rights, *, form=None, posted=None, conflict=None, errors=(), status=200):
    outline = (form.clusters, form.levels) if form is not None else None
    context = {"sheet": sheet, "rights": rights, "form": form, "posted": posted, "conflict": conflict, "errors": errors,
               **selectors.sheet_edit(sheet, posted=posted, outline=outline),
               "entries": selectors.sheet_history(sheet, see_coach_comment=rights.see_coach_comment)}
    return render(request, "evaluations/sheet_edit.html", context, status=status)


def _save(request, sheet, rights):
    """Save the posted draft. Returns (sheet, None) or (None, response) on a problem: in the save
    bar for autosave (htmx), else the page again with what was typed (nothing is lost)."""
    form = SheetForm(request.POST, outline=selectors.outline(sheet))
    arguments = None
    try:
        if not form.is_valid():
            raise ValidationError(messages_of(form))
        previous = selectors.previous_open_points(sheet) if form.cleaned_data["carry"] else None
        arguments = form.save_arguments(previous)
        saved = services.sheet_save(sheet=sheet, by=request.user, **arguments)
    except services.SheetConflict as conflict:
        if request.htmx:
            return None, render(request, "evaluations/_save_state.html", {"conflict": conflict.current}, status=200)
        return None, _render_edit(request, sheet, rights, form=form, posted=form.posted(sheet, arguments),
                                  conflict=conflict.current, status=409)
    except ValidationError as error:
        if request.htmx:
            return None, render(request, "evaluations/_save_state.html", {"errors": error.messages}, status=200)
        return None, _render_edit(request, sheet, rights, form=form, posted=form.posted(sheet, arguments),
                                  errors=error.messages, status=400)
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
        return render(request, "evaluations/_save_state.html", {
            "sheet": saved, "saved_at": timezone.localtime(), "submit_question": selectors.stored_submit_question(saved)})
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
    form = ReviewForm(request.POST)
    return run_form(
        request, form,
        lambda: services.sheet_review(sheet=sheet, by=request.user, comment=form.cleaned_data["comment"], approve=form.approve),
        success=_("Approved and shared.") if form.is_valid() and form.approve else _("Sent back to the mentor with your comment."),
        ok_url=reverse("feedback:review_queue"), error_url=_url("sheet_detail", sheet),
    )


@login_required
@require_POST
def sheet_reflect(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.reflect)
    form = ReflectionForm(request.POST)
    return run_form(
        request, form,
        lambda: services.sheet_reflect(sheet=sheet, by=request.user, reflection=form.cleaned_data["reflection"]),
        success=_("Your reflection is saved."), ok_url=_url("sheet_detail", sheet) + "#reflection",
    )


@login_required
@require_POST
def sheet_addendum(request, internship_pk, pk):
    sheet, rights = _sheet(request, internship_pk, pk)
    _require(rights.addendum)
    form = AddendumForm(request.POST)
    return run_form(
        request, form,
        lambda: services.sheet_addendum(sheet=sheet, by=request.user, text=form.cleaned_data["text"]),
        success=_("Addendum added."), ok_url=_url("sheet_detail", sheet) + "#addenda",
    )


@login_required
@require_safe
def review_queue(request):
    _require(access.can_review_feedback(request.user))
    sheets = selectors.review_queue(request.user)
    return render(request, "evaluations/review_queue.html", {"sheets": sheets})
