"""Requesting, building, retrying and cleaning up batch exports.

``request_export`` and ``retry_export`` run in the web request: they only write the job and
enqueue the task (django-tasks: the database or the Redis queue, ADR 0028), so the request returns at once. The PDFs
are made by ``build_export`` in the worker (``manage.py run_worker``).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import access
from exports.models import ExportJob, heartbeat_stale_after, retention

logger = logging.getLogger(__name__)


class ExportError(Exception):
    """A failure with a message fit for the person who asked for the export."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- request


def request_export(*, user, group, kind: str, status: str = "", language: str | None = None) -> ExportJob:
    """Capture what the person may see now and queue the job. Raises ValidationError when the
    group has nothing they may export."""
    if not access.export_groups(user).filter(pk=group.pk).exists():
        raise ValidationError(_("You may not export this group."))
    internships = access.export_internships(user, group)
    description = f"{group.name} ({group.school_year})"
    if status:
        internships = internships.filter(status=status)
        from internships.models import Internship

        description += f" · {Internship.Status(status).label}"
    if kind == ExportJob.Kind.FINAL_EVALUATIONS:
        internships = internships.filter(evaluations__kind="final").distinct()
    ids = [str(pk) for pk in internships.order_by("student__last_name", "student__first_name", "pk").values_list("pk", flat=True)]
    if not ids:
        if kind == ExportJob.Kind.FINAL_EVALUATIONS:
            raise ValidationError(_("None of the internships you can see in this group has a final evaluation yet."))
        raise ValidationError(_("This group has no internships you can export."))
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user, school_id=group.school_id, group=group, kind=kind,
            filter_description=description[:300], internship_ids=ids,
            language=language or settings.LANGUAGE_CODE, progress_total=len(ids),
            created_at=now, updated_at=now, expires_at=now + retention(),
        )
        _enqueue(job)
    return job


def _enqueue(job: ExportJob) -> None:
    """Queue the job's task. The database queue is written in the caller's transaction (both or
    neither); a queue elsewhere (Redis) gets the task once the job is committed, else a fast
    worker would not find the job yet. A task that never reached the queue is sent again by
    ``requeue_abandoned`` (the scheduler's minute)."""
    if _queue_in_database():
        _send(job.pk, job.attempts)
    else:
        pk, attempt = job.pk, job.attempts
        transaction.on_commit(lambda: _send(pk, attempt))


def _queue_in_database() -> bool:
    from django_tasks import task_backends

    return task_backends["default"].__class__.__module__.startswith("django_tasks_db")


def _send(pk, attempt: int) -> None:
    from exports.tasks import build_export

    # The attempt goes with the task: a run that was given up on (retried) and comes back to
    # life finds a newer attempt on the job and writes nothing.
    try:
        result = build_export.enqueue(str(pk), attempt)
    except Exception:
        if _queue_in_database():
            raise
        logger.exception("Export %s attempt %s could not be queued; the scheduler queues it again", pk, attempt)
        return
    ExportJob.objects.filter(pk=pk, attempts=attempt).update(task_result_id=str(result.id))


def retry_export(job: ExportJob, *, language: str | None = None) -> ExportJob:
    """Queue a failed (or stuck) job again, with the internships captured at the first request."""
    if not job.can_retry:
        raise ValidationError(_("Only a failed or interrupted export can be tried again."))
    now = timezone.now()
    with transaction.atomic():
        # Conditional on the state and attempt we saw: two clicks on "Try again" queue one task.
        claimed = ExportJob.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
            status=ExportJob.Status.QUEUED, progress_done=0, error="", finished_at=None, heartbeat_at=None,
            updated_at=now, expires_at=now + retention(), attempts=job.attempts + 1,
            language=language or job.language,
        )
        if not claimed:
            raise ValidationError(_("This export has already been started again."))
        _delete_file(job)
        job.refresh_from_db()
        _enqueue(job)
    return job


# --------------------------------------------------------------------------- build (worker)


class Superseded(Exception):
    """This run was given up on (the job was retried): it stops and writes nothing."""


def build_export(job_id: str, attempt: int | None = None) -> str:
    """Run one job (called by the task). Never raises: a failure is written on the job.

    ``attempt`` is the job's attempt the task was queued for; a task of an earlier attempt
    (queued again meanwhile) is skipped."""
    now = timezone.now()
    queued = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED)
    if attempt is not None:
        queued = queued.filter(attempts=attempt)
    claimed = queued.update(status=ExportJob.Status.RUNNING, progress_done=0, updated_at=now, heartbeat_at=now, error="")
    if not claimed:
        return "skipped"  # gone, already run by another worker, or queued again since
    job = ExportJob.objects.select_related("requested_by", "group", "school").get(pk=job_id)
    with translation.override(job.language):
        try:
            _build(job)
        except Superseded:
            logger.warning("Export %s attempt %s was retried meanwhile; this run stops", job.pk, job.attempts)
            return "superseded"
        except ExportError as error:
            logger.warning("Export %s failed: %s", job.pk, error.message, exc_info=error.__cause__)
            _fail(job, error.message)
            return "failed"
        except Exception:
            logger.exception("Export %s failed unexpectedly", job.pk)
            _fail(job, _("The export could not be made because of an unexpected error. Try again; "
                         "if it fails again, contact the people who run Uniform."))
            return "failed"
    _cleanup_quietly()
    return "done"


def _cleanup_quietly() -> None:
    """Expired exports go with every export the worker finishes, so the retention period holds
    even where nobody scheduled ``manage.py cleanup_exports`` (which stays the daily sweep)."""
    try:
        cleanup_expired()
    except Exception:  # never fail a finished export over somebody else's old file
        logger.exception("Cleaning up expired exports failed")


def _this_run(job: ExportJob):
    """The job as long as this run owns it: running, at the attempt it was started for."""
    return ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING, attempts=job.attempts)


def _heartbeat(job: ExportJob, **fields) -> None:
    """A sign of life (with progress, when given). Raises Superseded when the job was retried
    meanwhile, so a run that was thought dead and comes back stops at its next step."""
    now = timezone.now()
    if not _this_run(job).update(heartbeat_at=now, updated_at=now, **fields):
        raise Superseded


def _fail(job: ExportJob, message: str) -> None:
    now = timezone.now()
    failed = _this_run(job).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=now, updated_at=now,
        expires_at=now + retention(), file="",
    )
    if failed:
        _delete_file(job)


def _safe(text: str) -> str:
    text = re.sub(r"[^\w\s.,()'-]+", "_", str(text), flags=re.UNICODE).strip()
    return re.sub(r"\s+", " ", text)[:80] or "document"


def _build(job: ExportJob) -> None:
    if job.kind == ExportJob.Kind.STUDENT_DATA:
        from privacy.export import build_student_data

        build_student_data(job)
        return
    if job.kind == ExportJob.Kind.DOSSIER:
        from exports.dossier_services import build_dossier

        build_dossier(job)
        return
    try:
        # The renderer's contract: dossier_pdf(internship, user) and evaluation_pdf(evaluation,
        # user) -> bytes. Called with keywords so the order of the two arguments does not matter.
        from reports import documents
    except ImportError as error:
        raise ExportError(_("The PDF reports are not available on this server yet.")) from error
    from evaluations.models import Evaluation

    user = job.requested_by
    # Only what the person still sees now, and never more than was captured at the request.
    visible = access.internships_visible_to(user).filter(pk__in=job.internship_ids, school_id=job.school_id)
    internships = sorted(
        access.internships_with_people(visible),
        key=lambda i: (i.student.last_name.lower(), i.student.first_name.lower(), str(i.pk)),
    )
    if not internships:
        raise ExportError(_("None of these internships is visible to you any more, so there is nothing to export."))
    total = len(internships)
    _heartbeat(job, progress_total=total)

    used: set[str] = set()
    index_lines = [f"{job.get_kind_display()} · {job.filter_description}", f"{job.school}", ""]
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, internship in enumerate(internships, start=1):
                student = internship.student
                who = f"{student.last_name}, {student.first_name}"
                if done > 1:
                    _heartbeat(job)  # before each PDF too: a slow one does not look dead
                try:
                    if job.kind == ExportJob.Kind.DOSSIERS:
                        # The person's finished dossier, if current (ADR 0031).
                        from exports.dossier_services import cached_pdf

                        pdf = cached_pdf(user, internship, job.language) or documents.dossier_pdf(internship=internship, user=user)
                        label = _("dossier")
                    else:
                        evaluation = (
                            access.evaluations_visible_to(user)
                            .filter(internship=internship, kind=Evaluation.Kind.FINAL)
                            .order_by("-number").first()
                        )
                        if evaluation is None:
                            pdf = None
                            label = ""
                        else:
                            pdf = documents.evaluation_pdf(evaluation=evaluation, user=user)
                            label = _("final evaluation")
                except Exception as error:
                    raise ExportError(
                        _("The PDF for %(student)s could not be made, so the export stopped after %(done)s of %(total)s. "
                          "Try again; if it fails again, open that internship to check it.")
                        % {"student": who, "done": done - 1, "total": total}
                    ) from error
                if pdf is None:
                    index_lines.append(f"{who}: " + _("no final evaluation yet"))
                else:
                    if not isinstance(pdf, (bytes, bytearray)) or not pdf:
                        raise ExportError(_("The PDF for %(student)s came out empty.") % {"student": who})
                    name = _safe(f"{who} - {label}")
                    filename, n = f"{name}.pdf", 2
                    while filename.lower() in used:
                        filename, n = f"{name} ({n}).pdf", n + 1
                    used.add(filename.lower())
                    archive.writestr(filename, bytes(pdf))
                    index_lines.append(f"{who}: {filename}")
                _heartbeat(job, progress_done=done)
            archive.writestr("index.txt", "\n".join(index_lines) + "\n")
        tmp.seek(0)
        job.file.save(job.download_name, File(tmp), save=False)
    now = timezone.now()
    finished = _this_run(job).update(
        file=job.file.name, status=ExportJob.Status.DONE, progress_done=total, finished_at=now,
        updated_at=now, heartbeat_at=now, expires_at=now + retention(), error="",
    )
    if not finished:  # retried while the ZIP was written: the newer attempt makes its own file
        _delete_file(job)
        raise Superseded


# --------------------------------------------------------------------------- the watchdog


def auto_attempts() -> int:
    return max(1, int(getattr(settings, "EXPORT_AUTO_ATTEMPTS", 3)))


def requeue_abandoned(now=None) -> dict[str, int]:
    """The scheduler's minute (ADR 0028): take up again, by itself, what a dead worker left.

    * a **running** job without a heartbeat for ``heartbeat_stale_after()`` (its worker was
      killed) is queued again with attempt + 1: the old run, should it come back, finds the
      newer attempt at its next heartbeat and writes nothing (``Superseded``);
    * a **queued** job whose task is no longer waiting in the queue (lost with Redis, never
      sent, or run before the job was committed) is sent again the same way;
    * after ``EXPORT_AUTO_ATTEMPTS`` attempts in all the job fails with a message instead.

    Every change is one UPDATE conditional on the state and attempt that were read, so two
    schedulers (or a person's "try again" at the same moment) move a job once. Returns the counts."""
    now = now or timezone.now()
    cutoff = now - heartbeat_stale_after()
    counts = {"requeued": 0, "failed": 0}
    running = ExportJob.objects.filter(status=ExportJob.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    )
    for job in running.iterator():
        stale = ExportJob.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
        )
        _requeue_or_fail(job, stale, now, counts)
    for job in ExportJob.objects.filter(status=ExportJob.Status.QUEUED, updated_at__lt=cutoff).iterator():
        if _task_waiting(job):
            continue  # the workers are busy (or all stopped): the task is still in the queue
        stale = ExportJob.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts, updated_at__lt=cutoff)
        _requeue_or_fail(job, stale, now, counts)
    return counts


def _task_waiting(job: ExportJob) -> bool:
    """Whether the job's task is still queued or running in the task backend."""
    from django_tasks import TaskResultStatus, task_backends
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not job.task_result_id:
        return False
    try:
        result = task_backends["default"].get_result(job.task_result_id)
    except (TaskResultDoesNotExist, ValidationError, ValueError):
        return False
    return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def _requeue_or_fail(job: ExportJob, stale, now, counts: dict[str, int]) -> None:
    if job.attempts >= auto_attempts():
        with translation.override(job.language):
            message = _("The export was interrupted %(count)s times (the worker that made it stopped in the middle), "
                        "so it is not tried again by itself. Try again; if it stops again, contact the people who "
                        "run Uniform.") % {"count": job.attempts}
        if stale.update(status=ExportJob.Status.FAILED, error=message, finished_at=now, updated_at=now,
                        expires_at=now + retention(), file=""):
            logger.warning("Export %s failed after %s interrupted attempts", job.pk, job.attempts)
            _delete_file(job)
            counts["failed"] += 1
        return
    with transaction.atomic():
        if not stale.update(status=ExportJob.Status.QUEUED, progress_done=0, error="", finished_at=None,
                            heartbeat_at=None, updated_at=now, attempts=job.attempts + 1, task_result_id=""):
            return  # moved meanwhile: its worker came back, somebody retried it, another scheduler
        job.refresh_from_db()
        logger.warning("Export %s was abandoned; queued again as attempt %s", job.pk, job.attempts)
        _enqueue(job)
    counts["requeued"] += 1


# --------------------------------------------------------------------------- clean-up


def _delete_file(job: ExportJob) -> None:
    if not job.file:
        return
    storage, name = job.file.storage, job.file.name
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete export file %s", name)
    try:  # the job's own folder, when the storage is on disk and it is now empty
        os.rmdir(os.path.dirname(storage.path(name)))
    except (NotImplementedError, OSError):
        pass


def cleanup_expired(now=None) -> int:
    """Delete the files and jobs past their expiry. A job still running is left alone unless it
    has not moved for a day. Returns how many jobs were deleted."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(expires_at__lte=now).exclude(
        status=ExportJob.Status.RUNNING, updated_at__gt=now - timedelta(days=1)
    )
    count = 0
    for job in expired.iterator():
        # Deleted only if still expired: a "try again" between the read and here renews the job.
        deleted, _rows = ExportJob.objects.filter(pk=job.pk, expires_at__lte=now).delete()
        if deleted:
            _delete_file(job)
            count += 1
    return count
