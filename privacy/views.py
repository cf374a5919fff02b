"""A student's data (export, erasure) and people who leave (anonymising): thin pages.

Students and jobs are found only through ``access.privacy`` selectors: not yours → 404 (the
coordinator, teachers, mentors... find nothing). The people page is for organisation admins
(anyone else → 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import access
from audit import services as audit
from exports import views as export_views
from privacy import selectors, services
from privacy.forms import ConfirmNameForm
from web.service_messages import errors_to_form, report_errors


def _job(request, pk):
    return get_object_or_404(access.data_exports_visible_to(request.user).select_related("student", "school", "requested_by"), pk=pk)


@login_required
@require_safe
def my_data(request):
    """The student's own entry (from their home): the page of their own record."""
    student = access.data_export_students(request.user).filter(user=request.user).order_by("pk").first()
    if student is None:
        raise Http404
    return redirect("privacy:student", student.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def student_data(request, pk):
    student = get_object_or_404(access.data_export_students(request.user).select_related("school", "group"), pk=pk)
    if request.method == "POST":
        try:
            job = services.request_data_export(
                user=request.user, student=student, language=getattr(request, "LANGUAGE_CODE", None),
            )
        except ValidationError as error:
            report_errors(request, error)
            return redirect("privacy:student", student.pk)
        messages.success(request, _("Your export is queued; it is built in the background."))
        return redirect(job)
    return render(request, "privacy/student.html", {
        "student": student,
        "jobs": selectors.student_exports(request.user, student),
        "is_self": student.user_id == request.user.pk,
        "can_erase": access.can_erase_student(request.user, student),
        "erased": services.is_erased(student),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def erase_student(request, pk):
    student = get_object_or_404(access.erasable_students(request.user).select_related("school", "group"), pk=pk)
    refusals = services.erasure_refusals(student)
    form = ConfirmNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not refusals:
        try:
            record = services.erase_student(by=request.user, student=student, typed_name=form.cleaned_data["name"])
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The student was erased. Reference of the erasure: %(ref)s.") % {"ref": record.reference})
            return redirect("privacy:people")
    return render(request, "privacy/erase.html", {
        "student": student, "form": form, "refusals": refusals, "preview": selectors.erasure_preview(student),
    }, status=200)


@login_required
@require_safe
def export_job(request, pk):
    return render(request, "privacy/export_job.html", {"job": _job(request, pk)})


@login_required
@require_safe
def export_progress(request, pk):
    return export_views.progress_response(request, _job(request, pk), "privacy/_export_progress.html")


@login_required
@require_safe
def export_download(request, pk):
    job = _job(request, pk)
    response = export_views.zip_response(job)
    audit.record(request, audit.What.EXPORT, student=job.student, object_id=job.pk)
    return response


@login_required
@require_POST
def export_retry(request, pk):
    return export_views.retry_and_report(request, _job(request, pk))


@login_required
@require_safe
def people(request):
    if not access.administers_people(request.user):
        raise PermissionDenied
    return render(request, "privacy/people.html", {
        "people": selectors.people_to_anonymise(request.user),
        "erasures": selectors.erasures_of(request.user),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def anonymise(request, pk):
    membership = get_object_or_404(
        access.anonymisable_memberships(request.user).filter(is_active=True, user__is_active=True)
        .select_related("user", "organisation", "site"),
        pk=pk,
    )
    refusals = services.anonymise_refusals(request.user, membership)
    form = ConfirmNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not refusals:
        try:
            record = services.anonymise_person(by=request.user, membership=membership, typed_name=form.cleaned_data["name"])
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The person was anonymised. Reference: %(ref)s.") % {"ref": record.reference})
            return redirect("privacy:people")
    return render(request, "privacy/anonymise.html", {
        "membership": membership, "person": membership.user, "form": form, "refusals": refusals,
        "label": services.person_label(membership),
    })
