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
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from audit import services as audit
from evaluations.evaluation import selectors, services
from evaluations.evaluation.forms import MENTOR, SCHOOL, SELF, CorrectionForm, EvaluationForm, SignForm, parts_sent
from evaluations.evaluation.models import Evaluation
from tenancy import throttle
from web.service_messages import messages_of, report_errors, run_service


def _url(name: str, evaluation: Evaluation) -> str:
    return reverse(f"evaluations:{name}", kwargs={"internship_pk": evaluation.internship_id, "pk": evaluation.pk})


def _evaluation(request, internship_pk, pk):
    """The evaluation, when this person sees it and it belongs to the internship of the URL (else 404)."""
    evaluation = access.one_or_404(
        access.evaluations_visible_to(request.user).filter(internship_id=internship_pk).select_related(
            "internship", "internship__student", "internship__student__group", "internship__site", "internship__school",
            "internship__mentor", "internship__teacher", "internship__catalogue_version",
            "mentor_signed_by", "teacher_signed_by", "revision_of", "updated_by",
        ),
        pk,
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
    audit.record(request, audit.What.EVALUATION, internship=evaluation.internship, object_id=evaluation.pk)
    context = {"evaluation": evaluation, "rights": rights, **selectors.evaluation_page(evaluation)}
    return render(request, "evaluations/evaluation.html", context)


@login_required
@require_POST
def evaluation_save(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    sent = parts_sent(request.POST)
    allowed = {MENTOR: rights.edit_mentor_part, SCHOOL: rights.edit_school_part, SELF: rights.edit_self}
    if not any(allowed.values()) or any(not allowed[part] for part in sent):
        raise PermissionDenied  # someone else's part
    if not sent:
        if request.htmx:
            return render(request, "evaluations/_evaluation_save_state.html", {"evaluation": evaluation})
        messages.info(request, _("Nothing to save."))
        return redirect(_url("evaluation_detail", evaluation))
    return _save(request, evaluation, EvaluationForm(request.POST, outline=selectors.outline(evaluation), parts=sent))


def _save(request, evaluation, form):
    """Save the posted parts. Autosave (htmx) gets the save bar: saved, or why not (a conflict
    with the other person's text, bad input); a plain post the page again with what was typed
    (nothing is lost), or the page with "Saved."."""
    try:
        if not form.is_valid():
            raise ValidationError(messages_of(form))
        saved = services.evaluation_save(evaluation=evaluation, by=request.user, **form.save_arguments(),
                                         link=request.build_absolute_uri(_url("evaluation_detail", evaluation)))
    except services.EvaluationConflict as conflict:
        theirs = selectors.conflict(conflict.current, form.save_arguments())
        if request.htmx:
            return render(request, "evaluations/_evaluation_save_state.html", {"evaluation": evaluation, "conflict": theirs})
        return _rerender(request, evaluation, status=409, form=form, conflict=theirs)
    except ValidationError as error:
        if request.htmx:
            return render(request, "evaluations/_evaluation_save_state.html", {"evaluation": evaluation, "errors": error.messages})
        report_errors(request, error)
        return _rerender(request, evaluation, status=400, form=form)
    if request.htmx:
        return render(request, "evaluations/_evaluation_save_state.html",
                      {"evaluation": saved, "saved_at": timezone.localtime(), "withdrawn": saved.withdrawn})
    messages.success(request, _("Saved."))
    if saved.withdrawn:
        messages.warning(request, _("Your change withdrew a signature given before it; the signer was told by mail and signs again."))
    return redirect(_url("evaluation_detail", evaluation))


def _rerender(request, evaluation, status, form=None, conflict=None, **extra):
    """The page again with what was typed, on the revision it was typed on (so a save from it
    cannot overwrite somebody else's); after a conflict with what is stored now beside it.
    ``extra``: more that was typed (a correction's reason)."""
    evaluation.refresh_from_db()
    rights = access.evaluation_rights(request.user, evaluation)
    page = selectors.evaluation_page(evaluation)
    typed_on = None
    if form is not None:
        form.show_typed(evaluation, page["clusters"])
        typed = getattr(form, "cleaned_data", {})
        typed_on = typed.get("overwrite") or typed.get("revision")
    context = {"evaluation": evaluation, "rights": rights, "typed_on": typed_on, "conflict": conflict, **page, **extra}
    return render(request, "evaluations/evaluation.html", context, status=status)


def _signs_by_code(request) -> bool:
    return not request.user.has_usable_password()


@login_required
@require_POST
def evaluation_sign(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    form = SignForm(request.POST)
    valid = form.is_valid()
    as_role = None if "as" in form.errors else (
        form.cleaned_data.get("as") or ("mentor" if rights.sign_mentor else "teacher" if rights.sign_teacher else "")
    )
    if not ((as_role == "mentor" and rights.sign_mentor) or (as_role == "teacher" and rights.sign_teacher)):
        raise PermissionDenied
    if not valid:
        report_errors(request, ValidationError(messages_of(form)))
        return redirect(_url("evaluation_detail", evaluation) + "#signatures")
    revision = form.cleaned_data["revision"]
    if _signs_by_code(request):
        # Mentors who log in by emailed code have no password: allauth mails a code and, once
        # it is typed in, resumes this POST. Each code confirms one signature.
        confirmed_at = _unused_code_confirmation(request)
        if confirmed_at is None:
            raise ReauthenticationRequired()
        request.session[SIGN_CODE_USED_SESSION_KEY] = confirmed_at
        return _sign(request, evaluation, as_role, revision=revision, confirmed_by_code=True)
    return _sign(request, evaluation, as_role, revision=revision, password=form.cleaned_data["password"])


#: A code confirms a signature for this long after it was typed in, and only one signature.
SIGN_CODE_SECONDS = 300
SIGN_CODE_USED_SESSION_KEY = "uniform_sign_code_used"


def _unused_code_confirmation(request) -> float | None:
    """When the person last confirmed an emailed code (allauth's reauthentication), if that was
    in the last few minutes and no signature used it yet."""
    records = [r for r in get_authentication_records(request, request.user)
               if r.get("method") in ("code", "mfa") and r.get("reauthenticated")]
    at = records[-1].get("at", 0) if records else 0
    if not at or time.time() - at > SIGN_CODE_SECONDS or request.session.get(SIGN_CODE_USED_SESSION_KEY, 0) >= at:
        return None
    return at


def _sign(request, evaluation, as_role, *, revision, password="", confirmed_by_code=False):
    def sign():
        # A signature with the password is a password check: limited per person like every
        # other one outside the login form (tenancy.throttle); only refusals count.
        refund = None if confirmed_by_code else throttle.attempt(request, "password_check", user=request.user)
        services.evaluation_sign(
            evaluation=evaluation, by=request.user, password=password, as_role=as_role, revision=revision,
            confirmed_by_code=confirmed_by_code,
        )
        if refund:
            refund()

    return run_service(request, sign, success=_("Signed."), ok_url=_url("evaluation_detail", evaluation) + "#signatures")


@login_required
@require_POST
def evaluation_correct(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    if not rights.correct:
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(messages_of(form))
        new = services.evaluation_correct(evaluation=evaluation, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        report_errors(request, error)
        return _rerender(request, evaluation, status=400, typed_reason=request.POST.get("reason", ""))
    messages.success(request, _("A correction (revision %(n)s) was made; the signed version stays as it was.") % {"n": new.number})
    return redirect(_url("evaluation_detail", new))


@login_required
@require_safe
def evaluation_history(request, internship_pk, pk):
    evaluation, rights = _evaluation(request, internship_pk, pk)
    audit.record(request, audit.What.EVALUATION, internship=evaluation.internship, object_id=evaluation.pk)
    entries = selectors.evaluation_history(evaluation, rights=rights)
    return render(request, "evaluations/evaluation_history.html", {"evaluation": evaluation, "entries": entries, "rights": rights})
