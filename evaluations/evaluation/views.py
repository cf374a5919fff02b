"""Midterm and final evaluations: revisions, signing, corrections, history.

Each person changes only their own part: the mentor the levels, cluster remarks and advice;
the teacher (or school admin) the school's assessment and decision; the student the
self-assessment. Posting someone else's part is a 403."""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from evaluations.evaluation import selectors, services
from evaluations.evaluation.models import Evaluation
from web.service_messages import report_errors, run_service

MENTOR_KEYS = ("level-", "cremark-", "mentor_advice")
SCHOOL_KEYS = ("school_assessment", "decision", "conversation_date", "conversation_present")
SELF_KEYS = ("self-",)


def _url(name: str, evaluation: Evaluation) -> str:
    return reverse(f"evaluations:{name}", kwargs={"internship_pk": evaluation.internship_id, "pk": evaluation.pk})


def _evaluation(request, internship_pk, pk):
    """The evaluation, when this person sees it and it belongs to the internship of the URL (else 404)."""
    evaluation = get_object_or_404(
        access.evaluations_visible_to(request.user).filter(internship_id=internship_pk).select_related(
            "internship", "internship__student", "internship__student__group", "internship__site", "internship__school",
            "internship__mentor", "internship__teacher", "internship__catalogue_version",
            "mentor_signed_by", "teacher_signed_by", "revision_of", "updated_by",
        ),
        pk=pk,
    )
    return evaluation, access.evaluation_rights(request.user, evaluation)


@login_required
@require_POST
def evaluation_start(request, internship_pk, kind):
    internship = access.internship_or_404(request.user, internship_pk)
    if kind not in Evaluation.Kind.values:
        raise Http404
    rights = access.evaluation_rights_for_internship(request.user, internship)
    if not rights.start:
        raise PermissionDenied
    try:
        evaluation = services.evaluation_start(internship=internship, kind=kind, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("internships:detail", pk=internship.pk)
    return redirect(_url("evaluation_detail", evaluation))


@login_required
@require_safe
def evaluation_detail(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    context = {"evaluation": evaluation, "rights": rights, **selectors.evaluation_page(evaluation)}
    return render(request, "evaluations/evaluation.html", context)


def _int(value):
    if not value:
        return None
    if value.isdecimal() and int(value) < 2**31:
        return int(value)
    return -1  # never a real id: refused by the service


@login_required
@require_POST
def evaluation_save(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    keys = list(request.POST.keys())
    sends_mentor = any(k.startswith(MENTOR_KEYS) for k in keys)
    sends_school = any(k in SCHOOL_KEYS for k in keys)
    sends_self = any(k.startswith(SELF_KEYS) for k in keys)
    may_edit = rights.edit_mentor_part or rights.edit_school_part or rights.edit_self
    if (sends_mentor and not rights.edit_mentor_part) or (sends_school and not rights.edit_school_part) or (
        sends_self and not rights.edit_self
    ) or not may_edit:
        raise PermissionDenied  # someone else's part
    if not (sends_mentor or sends_school or sends_self):
        messages.info(request, _("Nothing to save."))
        return redirect(_url("evaluation_detail", evaluation))
    mentor_part = school_part = self_part = None
    try:
        if sends_mentor:
            mentor_part = {
                "levels": {_int(k[6:]): _int(v) for k, v in request.POST.items() if k.startswith("level-")},
                "remarks": {_int(k[8:]): v for k, v in request.POST.items() if k.startswith("cremark-")},
                "advice": request.POST.get("mentor_advice", ""),
            }
        if sends_self:
            self_part = {"levels": {_int(k[5:]): _int(v) for k, v in request.POST.items() if k.startswith("self-")}}
        if sends_school:
            school_part = {
                "assessment": request.POST.get("school_assessment", ""), "decision": request.POST.get("decision", ""),
                "conversation_date": services.parse_date(request.POST.get("conversation_date", "")),
                "conversation_present": request.POST.get("conversation_present", ""),
            }
        revision = request.POST.get("revision", "")
        services.evaluation_save(
            evaluation=evaluation, by=request.user,
            revision=int(revision) if revision.isdecimal() and len(revision) < 10 else None,
            mentor_part=mentor_part, school_part=school_part, self_part=self_part,
        )
    except services.EvaluationConflict as conflict:
        messages.error(request, _("%(who)s saved this evaluation in the meantime: reload to see it; what you typed was not saved.")
                       % {"who": conflict.current.updated_by or _("Someone")})
        return _rerender(request, evaluation, status=409)
    except ValidationError as error:
        report_errors(request, error)
        return _rerender(request, evaluation, status=400)
    messages.success(request, _("Saved."))
    return redirect(_url("evaluation_detail", evaluation))


def _rerender(request, evaluation, status):
    evaluation.refresh_from_db()
    rights = access.evaluation_rights(request.user, evaluation)
    context = {"evaluation": evaluation, "rights": rights, "posted": request.POST, **selectors.evaluation_page(evaluation)}
    return render(request, "evaluations/evaluation.html", context, status=status)


def _signs_by_code(request) -> bool:
    return not request.user.has_usable_password()


@login_required
@require_POST
def evaluation_sign(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    as_role = request.POST.get("as") or ("mentor" if rights.sign_mentor else "teacher" if rights.sign_teacher else "")
    if not ((as_role == "mentor" and rights.sign_mentor) or (as_role == "teacher" and rights.sign_teacher)):
        raise PermissionDenied
    raw_revision = request.POST.get("revision", "")
    revision = int(raw_revision) if raw_revision.isdecimal() and len(raw_revision) < 10 else -1
    if _signs_by_code(request):
        # Mentors who log in by emailed code have no password: allauth mails a code and, once
        # it is typed in, resumes this POST. Each code confirms one signature.
        confirmed_at = _unused_code_confirmation(request)
        if confirmed_at is None:
            raise ReauthenticationRequired()
        request.session[SIGN_CODE_USED_SESSION_KEY] = confirmed_at
        return _sign(request, evaluation, as_role, revision=revision, confirmed_by_code=True)
    return _sign(request, evaluation, as_role, revision=revision, password=request.POST.get("password", ""))


#: A code confirms a signature for this long after it was typed in, and only one signature.
SIGN_CODE_SECONDS = 300
SIGN_CODE_USED_SESSION_KEY = "uniform_sign_code_used"


def _unused_code_confirmation(request) -> float | None:
    """When the person last confirmed an emailed code (allauth's reauthentication), if that was
    in the last few minutes and no signature used it yet."""
    records = [r for r in get_authentication_records(request, request.user)
               if r.get("method") == "code" and r.get("reauthenticated")]
    at = records[-1].get("at", 0) if records else 0
    if not at or time.time() - at > SIGN_CODE_SECONDS or request.session.get(SIGN_CODE_USED_SESSION_KEY, 0) >= at:
        return None
    return at


def _sign(request, evaluation, as_role, *, revision, password="", confirmed_by_code=False):
    return run_service(
        request,
        lambda: services.evaluation_sign(
            evaluation=evaluation, by=request.user, password=password, as_role=as_role, revision=revision,
            confirmed_by_code=confirmed_by_code,
        ),
        success=_("Signed."), ok_url=_url("evaluation_detail", evaluation) + "#signatures",
    )


@login_required
@require_POST
def evaluation_correct(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    if not rights.correct:
        raise PermissionDenied
    try:
        new = services.evaluation_correct(evaluation=evaluation, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
        return redirect(_url("evaluation_detail", evaluation))
    messages.success(request, _("A correction (revision %(n)s) was made; the signed version stays as it was.") % {"n": new.number})
    return redirect(_url("evaluation_detail", new))


@login_required
@require_safe
def evaluation_history(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    records = selectors.evaluation_history(evaluation)
    return render(request, "evaluations/evaluation_history.html", {"evaluation": evaluation, "records": records, "rights": rights})
