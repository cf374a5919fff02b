"""One internship's dossier, rendered by the worker and kept until the internship changes (ADR 0031).

The dossier PDF (``reports.documents.dossier_pdf``) takes seconds to lay out, so it does not
render in the request: ``request_dossier`` (in the request) finds the person's finished dossier
of the internship's current *revision* and language, or the job already making it, or queues a
new ``ExportJob`` of kind ``DOSSIER``; ``build_dossier`` (in the worker, through
``exports.services.build_export``) renders it with the person's own visibility.

The cache is per person: ``dossier_sections(user, …)`` decides per person (the author of a draft
sheet sees it, the student sees only shared sheets, the rights of each sheet and evaluation), so
a file made for one person is never served to another. ``revision_of`` is one query over what the
dossier shows; when it differs from the job's, a new job is made.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from exports import services
from exports.models import ExportJob, retention

logger = logging.getLogger(__name__)

#: The internship's fields and the names its dossier's pages show (header, cover).
_SHOWN_FIELDS = (
    "status", "start_date", "end_date", "required_hours", "hours_done", "catalogue_version_id",
    "catalogue_version__label", "catalogue_version__status", "catalogue_version__programme__name",
    "student__first_name", "student__last_name", "student__group__name", "school__name", "school__network__name",
    "site__name", "site__organisation__name", "mentor__full_name", "teacher__full_name",
)


def _aggregate(queryset: QuerySet, function: str, field: str = "pk") -> Subquery:
    """``SELECT COUNT(field)`` (or MAX) of ``queryset`` as a scalar subquery, no GROUP BY."""
    value = Func(F(field), function=function, output_field=IntegerField()) if function == "COUNT" else Func(F(field), function=function)
    return Subquery(queryset.order_by().annotate(value=value).values("value")[:1])


def _fingerprint_parts() -> dict[str, Subquery]:
    """For every table the dossier reads: how many rows, and the newest change. The history
    tables (django-simple-history) have a row for every save and delete, so an edited visit or
    hour entry moves ``MAX(history_date)`` although the row itself has no ``updated_at``;
    ratings are written with the save of their sheet or evaluation, and counted."""
    from evaluations.models import (
        ActivityEntry,
        Evaluation,
        EvaluationClusterRemark,
        EvaluationRating,
        FeedbackAddendum,
        FeedbackRating,
        FeedbackSheet,
        SignatureWithdrawal,
    )
    from internships.models import (
        DocumentVersion,
        HourEntry,
        IntakeMeeting,
        Internship,
        Override,
        RequiredDocument,
        ScheduleSlot,
        Visit,
    )

    here = OuterRef("pk")
    parts: dict[str, Subquery] = {
        "internship_changed": _aggregate(Internship.history.model.objects.filter(id=here), "MAX", "history_date"),
        "sheets_updated": _aggregate(FeedbackSheet.objects.filter(internship=here), "MAX", "updated_at"),
        "sheet_ratings": _aggregate(FeedbackRating.objects.filter(sheet__internship=here), "COUNT"),
        "addenda": _aggregate(FeedbackAddendum.objects.filter(sheet__internship=here), "COUNT"),
        "addenda_added": _aggregate(FeedbackAddendum.objects.filter(sheet__internship=here), "MAX", "created_at"),
        "evaluation_ratings": _aggregate(EvaluationRating.objects.filter(evaluation__internship=here), "COUNT"),
        "evaluation_remarks": _aggregate(EvaluationClusterRemark.objects.filter(evaluation__internship=here), "COUNT"),
        "withdrawals": _aggregate(SignatureWithdrawal.objects.filter(evaluation__internship=here), "COUNT"),
        "document_versions": _aggregate(DocumentVersion.objects.filter(document__internship=here), "COUNT"),
        "schedule": _aggregate(ScheduleSlot.objects.filter(internship=here), "COUNT"),
        "overrides": _aggregate(Override.objects.filter(internship=here), "COUNT"),
        "overrides_at": _aggregate(Override.objects.filter(internship=here), "MAX", "at"),
    }
    for name, model in (
        ("sheet", FeedbackSheet), ("evaluation", Evaluation), ("activity", ActivityEntry), ("intake", IntakeMeeting),
        ("document", RequiredDocument), ("visit", Visit), ("hours", HourEntry),
    ):
        rows = model.objects.filter(internship=here)
        history = model.history.model.objects.filter(internship_id=here)
        parts[f"{name}_rows"] = _aggregate(rows, "COUNT")
        parts[f"{name}_changed"] = _aggregate(history, "MAX", "history_date")
    return {f"fp_{name}": value for name, value in parts.items()}  # never a field's name


def revision_of(internship) -> str:
    """A fingerprint of everything the internship's dossier shows, in one query: it changes when
    a sheet, evaluation, activity, document, visit, hour entry, the intake or an override is
    added, edited or deleted, or when the internship or a name on its pages changes."""
    from internships.models import Internship

    row = Internship.objects.filter(pk=internship.pk).values(*_SHOWN_FIELDS, **_fingerprint_parts()).first()
    if row is None:
        return ""
    text = "|".join(f"{key}={row[key]}" for key in sorted(row))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# --------------------------------------------------------------------------- request


def _dossier_jobs(user, internship, language: str) -> QuerySet:
    return ExportJob.objects.filter(kind=ExportJob.Kind.DOSSIER, requested_by=user, internship=internship, language=language)


def _forget(job: ExportJob) -> None:
    """Delete a dossier job and its file (a newer revision replaces it)."""
    if ExportJob.objects.filter(pk=job.pk).delete()[0]:
        services._delete_file(job)


def _usable(job: ExportJob) -> bool:
    """A finished dossier whose file is still there, or one on its way."""
    if job.status == ExportJob.Status.DONE:
        if not job.can_download:
            return False
        try:
            return job.file.storage.exists(job.file.name)
        except OSError:
            return False
    return job.status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)


def current_dossier(*, user, internship, language: str | None = None) -> ExportJob | None:
    """Read only (a GET): the person's finished dossier of the internship as it is now, or the
    job making it; None when there is neither (or it failed, expired, lost its file)."""
    language = language or settings.LANGUAGE_CODE
    job = (
        _dossier_jobs(user, internship, language).filter(revision=revision_of(internship))
        .exclude(status=ExportJob.Status.FAILED).first()
    )
    return job if job is not None and _usable(job) else None


def request_dossier(*, user, internship, language: str | None = None) -> ExportJob:
    """The person's dossier of ``internship`` (reached through access) as it is now: the
    finished one when nothing it shows has changed since, else the job making it, else a new
    job queued for the worker. Two requests at once get the same job (a unique constraint)."""
    language = language or settings.LANGUAGE_CODE
    revision = revision_of(internship)
    mine = _dossier_jobs(user, internship, language)
    current = mine.filter(revision=revision).exclude(status=ExportJob.Status.FAILED).first()
    if current is not None:
        if _usable(current):
            return current
        _forget(current)  # expired, or its file is gone: made again
    now = timezone.now()
    student = internship.student
    try:
        with transaction.atomic():
            job = ExportJob.objects.create(
                requested_by=user, school_id=internship.school_id, internship=internship, revision=revision,
                kind=ExportJob.Kind.DOSSIER, filter_description=f"{student.first_name} {student.last_name}"[:300],
                # The privacy erasure finds the jobs naming an internship through this list.
                internship_ids=[str(internship.pk)], language=language, progress_total=1,
                created_at=now, updated_at=now, expires_at=now + retention(),
            )
            services._enqueue(job)
    except IntegrityError:  # the same request a moment ago: its job
        return mine.filter(revision=revision).exclude(status=ExportJob.Status.FAILED).get()
    # Only the newest dossier is kept: older revisions and failed attempts of this person go.
    for old in mine.exclude(pk=job.pk).exclude(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]):
        _forget(old)
    return job


def retry_dossier(job: ExportJob, *, language: str | None = None) -> ExportJob:
    """"Try again" on a dossier job: a failed one is asked for anew (the internship may have
    changed since); a stuck or interrupted one is queued again as an export is."""
    if job.status == ExportJob.Status.FAILED:
        if job.internship is None:
            raise ValidationError(_("This internship is no longer available."))
        return request_dossier(user=job.requested_by, internship=job.internship, language=language or job.language)
    return services.retry_export(job, language=language)


def cached_pdf(user, internship, language: str) -> bytes | None:
    """The person's finished dossier of the internship as it is now, read from its file, for
    the group ZIP (exports.services._build): two queries instead of seconds of rendering."""
    job = current_dossier(user=user, internship=internship, language=language)
    if job is None or not job.can_download:
        return None
    try:
        with job.file.open("rb") as handle:
            return handle.read()
    except OSError:
        return None


# --------------------------------------------------------------------------- build (worker)


def build_dossier(job: ExportJob) -> None:
    """Render the dossier for the person who asked, with what they may see now (called by
    ``exports.services._build`` in the worker, inside the job's language)."""
    from reports import documents

    user = job.requested_by
    internship = (
        access.internships_visible_to(user).filter(pk=job.internship_id)
        .select_related(*documents.INTERNSHIP_RELATED).first()
    ) if job.internship_id else None
    if internship is None:
        raise services.ExportError(_("This internship is not visible to you any more, so there is no dossier to make."))
    try:
        pdf = documents.dossier_pdf(user=user, internship=internship)
    except Exception as error:
        raise services.ExportError(
            _("The dossier could not be made. Try again; if it fails again, open the internship to check it.")
        ) from error
    if not isinstance(pdf, (bytes, bytearray)) or not pdf:
        raise services.ExportError(_("The dossier came out empty."))
    services._heartbeat(job)  # still ours after the render (not retried meanwhile)
    job.file.save(job.download_name, ContentFile(bytes(pdf)), save=False)
    now = timezone.now()
    finished = services._this_run(job).update(
        file=job.file.name, status=ExportJob.Status.DONE, progress_done=1, finished_at=now,
        updated_at=now, heartbeat_at=now, expires_at=now + retention(), error="",
    )
    if not finished:
        services._delete_file(job)
        raise services.Superseded
