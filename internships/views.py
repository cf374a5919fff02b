"""Internship pages: the list, creating internships (one or a group), and the hub where each
person does their part (intake and schedule, documents, visits, hours, status).

Every view finds the internship through ``access.internships_visible_to`` (not yours → 404);
what a person may do on it comes from ``access.internship_rights`` (may not → 403). Parts of an
internship (documents, visits, hour entries) are looked up inside it, never on their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from audit import services as audit
from childcare.models import Site
from internships import selectors, services
from internships.forms import (
    AddDocumentsForm,
    ChangeInternshipForm,
    DocumentStatusForm,
    DocumentTypeSettingsForm,
    DocumentUploadForm,
    GroupInternshipsForm,
    HoursForm,
    IntakeForm,
    InternshipForm,
    ListFilterForm,
    VisitForm,
    VisitPlanForm,
)
from internships.models import Internship, Visit
from web.downloads import private_download
from web.pages import context_of
from web.service_messages import report_errors, run_form, run_service


def _internship(request, pk):
    internship = access.internship_or_404(request.user, pk, "school__network")
    return internship, access.internship_rights(request.user, internship)


_require = access.require


def _hub(internship, anchor: str = "") -> str:
    return reverse("internships:detail", args=[internship.pk]) + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------- the list


@login_required
@require_safe
def internship_list(request):
    visible = access.internships_visible_to(request.user)
    if not access.sees_internships(request.user):
        raise PermissionDenied  # the coordinator sees figures on the home page, not internships
    groups = access.groups_visible_to(request.user).order_by("name")
    sites = access.sites_visible_to(request.user).filter(
        Exists(visible.filter(site=OuterRef("pk")))).order_by("name")
    form = ListFilterForm(request.GET or None, groups=groups, sites=sites)
    qs = visible
    if form.is_valid():
        qs = selectors.filter_internships(qs, **form.cleaned_data)
    # The page's ids first (a narrow sort: internship and student only), then its 25 rows with
    # everything they show: joining the people, sites and versions of every row to sort them
    # hashed whole tables that grow with the region (ADR 0021, second pass).
    page = Paginator(qs.order_by("-start_date", "student__last_name", "pk").values_list("pk", flat=True), 25).get_page(
        request.GET.get("page"))
    ids = list(page.object_list)
    rows = access.internships_with_people(visible.filter(pk__in=ids)).annotate(n_overdue=selectors.count_overdue_documents())
    by_pk = {i.pk: i for i in rows}
    page.object_list = [by_pk[pk] for pk in ids]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "internships/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_create": access.can_plan_internships(request.user)},
    )


# --------------------------------------------------------------------------- creating


def _school(request):
    schools = list(access.managed_schools(request.user).select_related("network"))
    if not schools:
        raise PermissionDenied
    chosen = request.GET.get("school") or request.POST.get("school")
    for school in schools:
        if str(school.pk) == chosen:
            return school
    return schools[0]


def _warn_over_capacity(request, site, start, end) -> None:
    from childcare.selectors import over_capacity_after_planning

    use = over_capacity_after_planning(site, start, end)
    if use is not None:
        messages.warning(request, _(
            "%(site)s now has %(used)s interns for %(offered)s places in this period. The internships are planned; "
            "agree on it with the site."
        ) % {"site": site, "used": use.used, "offered": use.offered})


@login_required
def internship_create(request):
    school = _school(request)
    form = InternshipForm(request.POST or None, user=request.user, school=school)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            internship = services.internship_create(
                school=school, student=d["student"], programme=d["programme"], site=d["site"], mentor=d["mentor"],
                teacher=d["teacher"], start_date=d["start_date"], end_date=d["end_date"],
                required_hours=d["required_hours"], document_types=d["document_types"], by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Internship of %(name)s planned.") % {"name": internship.student.full_name})
            _warn_over_capacity(request, d["site"], d["start_date"], d["end_date"])
            return redirect(_hub(internship))
    return render(request, "internships/form_page.html", {"form": form, "school": school, "title": _("New internship")})


@login_required
def internship_create_group(request):
    school = _school(request)
    form = GroupInternshipsForm(request.POST or None, user=request.user, school=school)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = services.internships_create_for_group(
                students=d["students"], school=school, programme=d["programme"], site=d["site"], mentor=d["mentor"],
                teacher=d["teacher"], start_date=d["start_date"], end_date=d["end_date"],
                required_hours=d["required_hours"], document_types=d["document_types"], by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(n)s internships planned for group %(group)s.") % {"n": len(created), "group": d["group"]}
            )
            _warn_over_capacity(request, d["site"], d["start_date"], d["end_date"])
            return redirect(reverse("internships:list") + f"?group={d['group'].pk}")
    return render(
        request, "internships/form_page.html",
        {"form": form, "school": school, "title": _("Internships for a whole group")},
    )


# --------------------------------------------------------------------------- the hub


@login_required
@require_safe
def detail(request, pk):
    internship, rights = _internship(request, pk)
    audit.record(request, audit.What.INTERNSHIP, internship=internship)
    return render(request, "internships/detail.html", _hub_context(request, internship, rights))


def _hub_context(request, internship, rights, **forms) -> dict:
    """What the internship page shows; ``forms`` replaces a form by the one just posted (with its
    errors and what was typed)."""
    from evaluations.feedback.selectors import SHEETS_SHOWN, sheets_of

    context = {"internship": internship, "rights": rights, **context_of(selectors.hub(internship))}
    listed = sheets_of(request.user, internship, limit=None if request.GET.get("sheets") == "all" else SHEETS_SHOWN)
    context["feedback_sheets"], context["sheet_list"] = listed.sheets, listed
    # "Nieuw feedbackblad" opens the mentor's open draft when there is one: say so, as the home does.
    context["has_draft_sheet"] = listed.has_own_draft
    from evaluations.models import Evaluation

    latest = {}
    for evaluation in internship.evaluations.defer("snapshot").order_by("number"):  # a signed one's JSON: not shown here
        latest[evaluation.kind] = evaluation
    context["evaluation_rows"] = [(kind, label, latest.get(kind)) for kind, label in Evaluation.Kind.choices]
    context["can_start_evaluation"] = access.evaluation_rights_for_internship(request.user, internship).start
    context["steps"] = [(value, label, i) for i, (value, label) in enumerate(Internship.Status.choices)]
    context["intake_form"] = IntakeForm(initial=IntakeForm.initial_from(context["intake"], context["schedule"]))
    context["hours_form"] = HoursForm(initial={"date": min(timezone.localdate(), internship.end_date)})
    context["visit_form"] = VisitPlanForm()
    context["upload_form"] = DocumentUploadForm()
    if rights.manage_documents:
        context["add_documents_form"] = AddDocumentsForm(user=request.user, internship=internship)
    if rights.change_people:
        context["change_form"] = ChangeInternshipForm(
            user=request.user, internship=internship,
            initial={"mentor": internship.mentor_id, "teacher": internship.teacher_id, "start_date": internship.start_date,
                     "end_date": internship.end_date, "required_hours": internship.required_hours},
        )
    context["next_step"] = _next_step(internship) if rights.advance_status else None
    context["blockers"] = services.blockers(internship, context["next_step"]) if context["next_step"] else []
    context.update(forms)
    return context


def _next_step(internship) -> str | None:
    """The step a button offers: the start once the intake is done; closing once the final
    evaluation is in, or once the period is over (then the guardrails say what is missing)."""
    S = Internship.Status
    if internship.status == S.INTAKE_DONE:
        return S.RUNNING
    if internship.status == S.FINAL:
        return S.CLOSED
    if internship.status in (S.RUNNING, S.MIDTERM) and internship.end_date <= timezone.localdate():
        return S.CLOSED
    return None


@login_required
def intake(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.edit_intake)
    audit.record(request, audit.What.INTERNSHIP, internship=internship, object_id="intake")
    current = selectors.intake_of(internship)
    form = IntakeForm(request.POST or None, initial=IntakeForm.initial_from(current, internship.schedule.all()))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.intake_record(
                internship=internship, by=request.user, revision=d["revision"], date=d["date"], attendees=d["attendees"],
                student_expectations=d["student_expectations"], learning_goals=d["learning_goals"],
                site_expectations=d["site_expectations"], practical_agreements=d["practical_agreements"], slots=d["slots"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Intake meeting saved."))
            return redirect(_hub(internship, "intake"))
    return render(request, "internships/intake_form.html", {"internship": internship, "form": form})


@login_required
@require_POST
def change(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.change_people)
    form = ChangeInternshipForm(request.POST, user=request.user, internship=internship)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.internship_change(
                internship=internship, by=request.user, mentor=d["mentor"], teacher=d["teacher"],
                start_date=d["start_date"], end_date=d["end_date"], required_hours=d["required_hours"],
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("Internship saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_hub(internship, "people"))


@login_required
@require_POST
def transition(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.advance_status)
    reason = request.POST.get("reason", "").strip()
    if "override" in request.POST:
        _require(rights.override_guardrails)  # the school admin of the internship's school only
    try:
        services.internship_transition(
            internship=internship, to=request.POST.get("to", ""), by=request.user,
            reason=reason if "override" in request.POST else "", may_override=rights.override_guardrails,
        )
    except ValidationError as error:
        if "override" in request.POST:  # the page again, with what was typed and what is wrong
            context = _hub_context(request, internship, rights, override_reason=reason, override_errors=error.messages)
            return render(request, "internships/detail.html", context, status=400)
        report_errors(request, error)
    else:
        messages.success(request, _("Status: %(status)s") % {"status": Internship.Status(request.POST["to"]).label})
    return redirect(_hub(internship, "status"))


@login_required
@require_POST
def documents_add(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.manage_documents)
    form = AddDocumentsForm(request.POST, user=request.user, internship=internship)
    if form.is_valid():
        services.documents_add(internship=internship, document_types=form.cleaned_data["document_types"], by=request.user)
    else:
        messages.error(request, _("Choose documents that are not asked yet."))
    return redirect(_hub(internship, "documents"))


def _document(request, pk, doc_pk):
    internship, rights = _internship(request, pk)
    return get_object_or_404(internship.documents.select_related("document_type"), pk=doc_pk), internship, rights


@login_required
@require_POST
def document_status(request, pk, doc_pk):
    document, internship, rights = _document(request, pk, doc_pk)
    _require(rights.edit_documents)
    form = DocumentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown status."))
    else:
        try:
            services.document_set_status(
                document=document, status=form.cleaned_data["status"], by=request.user, may_approve=rights.approve_documents
            )
        except ValidationError as error:
            report_errors(request, error)
    return redirect(_hub(internship, "documents"))


@login_required
@require_POST
def document_upload(request, pk, doc_pk):
    document, internship, rights = _document(request, pk, doc_pk)
    _require(rights.upload_documents)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            services.document_upload(document=document, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("File added to %(doc)s.") % {"doc": document.document_type.name})
    return redirect(_hub(internship, "documents"))


@login_required
@require_safe
def document_file(request, pk, doc_pk):
    """The uploaded file, only for those who see the internship; never rendered inline as HTML."""
    document, internship, rights = _document(request, pk, doc_pk)
    if not document.file:
        raise Http404
    audit.record(request, audit.What.DOCUMENT, internship=internship, object_id=document.pk)
    return private_download(document.file, filename=selectors.document_download_name(document),
                            content_type=document.file_type or "application/octet-stream")


@login_required
@require_safe
def document_version_file(request, pk, doc_pk, version_pk):
    """An earlier file of a document, for the same people as the current one."""
    document, internship, rights = _document(request, pk, doc_pk)
    version = get_object_or_404(document.versions, pk=version_pk)
    audit.record(request, audit.What.DOCUMENT, internship=internship, object_id=f"{document.pk}/{version.pk}")
    stamp = f"{version.uploaded_at:%Y%m%d}" if version.uploaded_at else f"v{version.pk}"
    return private_download(version.file, content_type=version.file_type or "application/octet-stream",
                            filename=f"{document.pk}-{document.document_type.name[:40]}-{stamp}{version.extension}")


@login_required
@require_POST
def visit_add(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.manage_visits)
    form = VisitPlanForm(request.POST)
    if form.is_valid():
        try:
            services.visit_plan(internship=internship, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("Visit planned."))
    else:
        messages.error(request, _("Give the date of the visit."))
    return redirect(_hub(internship, "visits"))


@login_required
def visit_edit(request, pk, visit_pk):
    internship, rights = _internship(request, pk)
    visit = get_object_or_404(internship.visits, pk=visit_pk)
    _require(rights.manage_visits)
    audit.record(request, audit.What.INTERNSHIP, internship=internship, object_id=f"visit/{visit.pk}")
    initial = {f: getattr(visit, f) for f in ("revision", "date", "time", "status", "with_whom", "notes", "agreements")}
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(visit=visit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Visit saved."))
            return redirect(_hub(internship, "visits"))
    title = _("Visit of %(date)s") % {"date": visit.date.strftime("%d/%m/%Y")}
    return render(
        request, "internships/visit_form.html", {"internship": internship, "visit": visit, "form": form, "title": title}
    )


@login_required
@require_POST
def hours_add(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.log_hours)
    form = HoursForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.hours_log(
                internship=internship, by=request.user, day=d["date"], hours=d["hours"] or 0, is_absence=d["is_absence"],
                absence_reason=d["absence_reason"], note=d["note"], by_mentor=rights.confirm_hours,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Hours of %(day)s saved.") % {"day": d["date"].strftime("%d/%m/%Y")})
            return redirect(_hub(internship, "hours"))
    # The page again, with the errors beside the fields and what was typed (scrolled to it).
    return render(request, "internships/detail.html", _hub_context(request, internship, rights, hours_form=form), status=400)


@login_required
@require_POST
def hours_decide(request, pk, entry_pk):
    internship, rights = _internship(request, pk)
    entry = get_object_or_404(internship.hour_entries, pk=entry_pk)
    _require(rights.confirm_hours)
    confirm = request.POST.get("decision") != "reject"
    day = entry.date.strftime("%d/%m/%Y")
    return run_service(
        request,
        lambda: services.hours_decide(entry=entry, by=request.user, confirm=confirm, reason=request.POST.get("reason", "")),
        success=(_("Hours of %(day)s confirmed.") if confirm else _("Hours of %(day)s rejected; the student reads why.")) % {"day": day},
        ok_url=_hub(internship, "hours"),
    )


@login_required
@require_POST
def hours_confirm_all(request, pk):
    internship, rights = _internship(request, pk)
    _require(rights.confirm_hours)
    raw = request.POST.get("expected", "")
    expected = int(raw) if raw.isdecimal() and len(raw) < 7 else None
    return run_service(
        request, lambda: services.hours_confirm_proposed(internship=internship, by=request.user, expected=expected),
        success=_("All proposed hours confirmed."), ok_url=_hub(internship, "hours"),
    )


__all__ = ["Site", "Visit"]


# --------------------------------------------------------------------------- the network's document types


@login_required
def document_types(request):
    """The coordinator decides, per document type of the network, whether it is asked by
    default and whether it is needed to start (a guardrail: the internship cannot start before
    it is approved, unless the school admin decides otherwise with a reason)."""
    _require(access.holds(request.user, "documents.configure"))
    types = access.document_types_to_configure(request.user).select_related("network")
    url = reverse("internships:document_types")
    if request.method == "POST":
        form = DocumentTypeSettingsForm(request.POST, types=types)

        def save():
            d = form.cleaned_data
            services.document_type_update(document_type=d["document_type"], by=request.user, is_default=d["is_default"],
                                          blocks_start=d["blocks_start"], days_before_start=d["days_before_start"])

        name = form.data.get("document_type", "")
        return run_form(request, form, save, success=_("Document type saved."), ok_url=f"{url}#type-{name}")
    rows = [(t, DocumentTypeSettingsForm(types=types, initial={"document_type": t.pk, "is_default": t.is_default,
                                                              "blocks_start": t.blocks_start, "days_before_start": t.days_before_start},
                                         prefix=None)) for t in types]
    return render(request, "internships/document_types.html", {"rows": rows, "title": _("Documents for internships")})

