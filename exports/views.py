"""Batch export pages: the list of one's exports with the form for a new one, a job page with
a progress bar (htmx polls a partial every 2 s; without JavaScript the page refreshes itself),
the download and "try again".

Jobs are found only through ``access.export_jobs_visible_to`` (not yours → 404); the
list and the form are for school admins and teachers only (anyone else → 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import access
from audit import services as audit
from exports import services
from exports.forms import ExportForm
from exports.models import ExportJob
from web.downloads import private_download
from web.service_messages import report_errors

JOBS_SHOWN = 50


def _job(request, pk) -> ExportJob:
    jobs = access.export_jobs_visible_to(request.user).select_related("group", "school", "requested_by")
    return get_object_or_404(jobs, pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    user = request.user
    if not access.can_export(user):
        raise PermissionDenied
    groups = access.export_groups(user)
    form = ExportForm(request.POST if request.method == "POST" else None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.request_export(
                user=user, group=form.cleaned_data["group"], kind=form.cleaned_data["kind"],
                status=form.cleaned_data["status"], language=getattr(request, "LANGUAGE_CODE", None),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your export is queued; it is built in the background."))
            return redirect(job)
    jobs = list(
        access.export_jobs_visible_to(user).filter(requested_by=user)
        .select_related("group", "school")
        .defer("internship_ids")[:JOBS_SHOWN]
    )
    return render(request, "exports/index.html", {"form": form, "jobs": jobs, "has_groups": groups.exists()})


@login_required
@require_safe
def job_detail(request, pk):
    job = _job(request, pk)
    return render(request, "exports/job.html", {"job": job})


@login_required
@require_safe
def job_progress(request, pk):
    """The progress partial (polled by htmx; also a plain page without JavaScript)."""
    return progress_response(request, _job(request, pk), "exports/_progress.html")


def progress_response(request, job, template: str, **context) -> HttpResponseBase:
    """A job's progress partial, polled by htmx, never cached; a request without htmx goes to the
    job's page. Shared with a student's data export (privacy.views) and the dossier (reports.views)."""
    if not getattr(request, "htmx", False):
        return redirect(job)
    response = render(request, template, {"job": job, **context})
    response["Cache-Control"] = "no-store"
    return response


def zip_response(job) -> HttpResponseBase:
    """A finished job's file (a ZIP; a dossier's PDF) as a private download, streamed or
    redirected to a presigned URL (web/downloads.py); 404 when it cannot be downloaded (not
    done, expired, its file gone). Shared with a student's data export (privacy.views) and the
    dossier (reports.views)."""
    if not job.can_download:
        raise Http404
    return private_download(job.file, filename=job.download_name, content_type=job.content_type)


def retry_and_report(request, job):
    """Queue a failed or stuck job again and say so (or why not); back to its page."""
    try:
        services.retry_export(job, language=getattr(request, "LANGUAGE_CODE", None))
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("The export is queued again."))
    return redirect(job)


@login_required
@require_safe
def download(request, pk):
    job = _job(request, pk)
    response = zip_response(job)
    audit.record(request, audit.What.EXPORT, school_id=job.school_id, object_id=job.pk)
    return response


@login_required
@require_POST
def retry(request, pk):
    return retry_and_report(request, _job(request, pk))
