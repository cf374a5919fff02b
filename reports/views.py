"""PDF downloads. Each view finds its object through ``access`` exactly as the page
does (not yours → 404) and answers an attachment; what the PDF shows is the page's part for
this person (reports.documents).

The dossier is the exception: it takes seconds, so the worker renders it (exports.dossier_services,
ADR 0031). Its URL answers the finished file when nothing it shows has changed, else the page
of the job making it (progress, then the download); asking for it is a POST (a GET writes
nothing: a prefetch or a crawler starts no render)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import access
from audit import services as audit
from evaluations.models import FeedbackSheet
from exports import dossier_services as dossiers
from exports.views import progress_response, zip_response
from reports import documents
from web.replica import replica_reads
from web.service_messages import report_errors


def _attachment(body: bytes, *parts) -> HttpResponse:
    name = slugify("-".join(str(p) for p in parts if p)) or "document"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _internship(request, pk):
    return access.internship_or_404(request.user, pk, *documents.INTERNSHIP_RELATED)


def _version(request, pk):
    return get_object_or_404(
        access.catalogue_versions_visible_to(request.user).select_related("programme", "programme__network"), pk=pk,
    )


@login_required
@require_safe
@replica_reads  # PDFs read from the replica when there is one (ADR 0030)
def sheet(request, pk):
    related = [f"internship__{r}" for r in documents.INTERNSHIP_RELATED]
    obj: FeedbackSheet = get_object_or_404(
        access.feedback_sheets_visible_to(request.user).select_related("internship", *related, "author", "reviewed_by"), pk=pk,
    )
    body = documents.sheet_pdf(request.user, obj, request=request)
    audit.record(request, audit.What.PDF, internship=obj.internship, object_id=obj.pk)
    return _attachment(body, "feedback", obj.internship.student.full_name, f"{obj.date:%Y-%m-%d}")


@login_required
@require_safe
@replica_reads  # PDFs read from the replica when there is one (ADR 0030)
def evaluation(request, pk):
    related = [f"internship__{r}" for r in documents.INTERNSHIP_RELATED]
    obj = get_object_or_404(
        access.evaluations_visible_to(request.user).select_related(
            "internship", *related, "mentor_signed_by", "teacher_signed_by", "revision_of",
        ),
        pk=pk,
    )
    body = documents.evaluation_pdf(request.user, obj, request=request)
    audit.record(request, audit.What.PDF, internship=obj.internship, object_id=obj.pk)
    return _attachment(body, obj.kind, obj.internship.student.full_name, f"r{obj.number}")


def _internship_document(function, label):
    @login_required
    @require_safe
    @replica_reads
    def view(request, pk):
        internship = _internship(request, pk)
        body = function(request.user, internship, request=request)
        audit.record(request, audit.What.PDF, internship=internship, object_id=label)
        return _attachment(body, label, internship.student.full_name, f"{internship.start_date:%Y-%m-%d}")

    view.__name__ = function.__name__.removesuffix("_pdf")
    return view


activities = _internship_document(documents.activities_pdf, "activities")
intake = _internship_document(documents.intake_pdf, "intake")
visits = _internship_document(documents.visits_pdf, "visits")
hours = _internship_document(documents.hours_pdf, "hours")


def _dossier_file(request, job, internship):
    """The finished dossier as a download (exports' ``zip_response``), with the audit row of
    opening it: written when the person gets the file, not when they ask for it."""
    response = zip_response(job)
    audit.record(request, audit.What.PDF, internship=internship, object_id="dossier")
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dossier(request, pk):
    """GET (read only): the finished dossier when it is still current, else the page of the job
    making it, else a page with the button that asks for it. POST asks (queues the worker, or
    finds what is there already: two clicks, one job) and goes back to the GET."""
    internship = _internship(request, pk)
    language = getattr(request, "LANGUAGE_CODE", None)
    if request.method == "POST":
        dossiers.request_dossier(user=request.user, internship=internship, language=language)
        return redirect("reports:dossier", pk=internship.pk)
    job = dossiers.current_dossier(user=request.user, internship=internship, language=language)
    if job is None:
        return render(request, "reports/dossier_ask.html", {"internship": internship})
    if job.can_download:
        return _dossier_file(request, job, internship)
    return redirect(job)


def _dossier_job(request, pk):
    jobs = access.dossier_jobs_visible_to(request.user).select_related("internship", "internship__student", "school")
    return get_object_or_404(jobs, pk=pk)


@login_required
@require_safe
def dossier_job(request, pk):
    job = _dossier_job(request, pk)
    return render(request, "reports/dossier_job.html", {"job": job, "internship": job.internship})


@login_required
@require_safe
def dossier_progress(request, pk):
    """The progress partial (polled by htmx; without JavaScript: back to the job's page)."""
    job = _dossier_job(request, pk)
    return progress_response(request, job, "reports/_dossier_progress.html", internship=job.internship)


@login_required
@require_safe
def dossier_download(request, pk):
    job = _dossier_job(request, pk)
    internship = _internship(request, job.internship_id)
    return _dossier_file(request, job, internship)


@login_required
@require_POST
def dossier_retry(request, pk):
    job = _dossier_job(request, pk)
    try:
        job = dossiers.retry_dossier(job, language=getattr(request, "LANGUAGE_CODE", None))
    except ValidationError as error:
        report_errors(request, error)
    return redirect(job)


@login_required
@require_safe
@replica_reads  # PDFs read from the replica when there is one (ADR 0030)
def blank(request, pk, kind):
    if kind not in documents.BLANK_KINDS:
        raise Http404
    version = _version(request, pk)
    if version.status == version.Status.DRAFT:
        raise Http404  # blank forms are of versions in use (published or retired)
    body = documents.blank_pdf(request.user, version, kind, request=request)
    return _attachment(body, "blank", kind, version.programme.code, version.label)


@login_required
@require_safe
@replica_reads  # PDFs read from the replica when there is one (ADR 0030)
def catalogue(request, pk):
    version = _version(request, pk)  # drafts: only the network's coordinators see them
    body = documents.catalogue_pdf(request.user, version, request=request)
    return _attachment(body, "catalogue", version.programme.code, version.label)
