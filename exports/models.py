"""Batch exports: the dossiers or final evaluations of a group as one ZIP, built by a worker.

An ExportJob captures, at request time, the ids of the internships the person could see
(``internship_ids``); the worker never adds to that list, it only drops what the person can
no longer see when the ZIP is built. The file lives under MEDIA_ROOT/exports/ and is deleted
with the job by ``manage.py cleanup_exports`` once ``expires_at`` has passed.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: A queued job that no worker has picked up for this long is considered stuck (the worker is
#: not running) and may be queued again.
STALE_AFTER = timedelta(minutes=30)

#: A running job writes a heartbeat before and after every PDF. One whose heartbeat is older
#: than this was interrupted (its worker was killed or the machine restarted): it may be retried.
#: A single PDF takes seconds, so two minutes leaves a wide margin for a slow one.
HEARTBEAT_STALE_SECONDS = 120


def heartbeat_stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "EXPORT_HEARTBEAT_STALE_SECONDS", HEARTBEAT_STALE_SECONDS))


def retention() -> timedelta:
    return timedelta(days=getattr(settings, "EXPORT_RETENTION_DAYS", 7))


def _upload_to(job: ExportJob, filename: str) -> str:
    return f"exports/{job.pk}/{filename}"


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        DOSSIERS = "dossiers", _("dossiers")
        FINAL_EVALUATIONS = "final_evaluations", _("final evaluations")
        #: Everything Uniform holds about one student (``student``), built by privacy.export.
        STUDENT_DATA = "student_data", _("a student's data")
        #: One internship's dossier as one PDF, for the person who asked (``internship``), built
        #: by exports.dossier_services and kept while ``revision`` still matches (ADR 0031).
        DOSSIER = "dossier", _("an internship's dossier")

    class Status(models.TextChoices):
        # With a context: "running" and "done" are also an internship's and a visit's states,
        # which Dutch words differently ("lopend", "gebeurd"; an export is "bezig", "klaar").
        QUEUED = "queued", pgettext_lazy("export job", "queued")
        RUNNING = "running", pgettext_lazy("export job", "running")
        DONE = "done", pgettext_lazy("export job", "done")
        FAILED = "failed", pgettext_lazy("export job", "failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("requested by"),
    )
    school = models.ForeignKey(
        "uniform.Organisation", on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("school"),
    )
    group = models.ForeignKey(
        "schools.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="export_jobs",
        verbose_name=_("group"),
    )
    student = models.ForeignKey(
        "schools.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="data_exports",
        verbose_name=_("student"),
    )
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.SET_NULL, null=True, blank=True, related_name="dossier_jobs",
        verbose_name=_("internship"),
    )
    #: For a dossier: the fingerprint of what it shows (exports.dossier_services.revision_of) when asked.
    revision = models.CharField(max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    filter_description = models.CharField(_("filter"), max_length=300, blank=True)
    internship_ids = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(upload_to=_upload_to, blank=True, max_length=300)
    task_result_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="export_by_person"),
            models.Index(fields=["expires_at"], name="export_expiry"),
            models.Index(fields=["internship", "requested_by"], name="export_dossier_cache"),
        ]
        constraints = [
            # Two clicks (or two requests at once) start one dossier job: one job per person,
            # internship, language and revision that is not failed.
            models.UniqueConstraint(
                fields=["requested_by", "internship", "language", "revision"],
                condition=models.Q(kind="dossier") & ~models.Q(status="failed"),
                name="one_dossier_job_per_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filter_description or self.school}"

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.STUDENT_DATA:
            return reverse("privacy:export_job", args=[self.pk])
        if self.kind == self.Kind.DOSSIER:
            return reverse("reports:dossier_job", args=[self.pk])
        return reverse("exports:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_stale(self) -> bool:
        """Queued for a long time: no worker has picked it up."""
        return self.status == self.Status.QUEUED and self.updated_at < timezone.now() - STALE_AFTER

    @property
    def is_interrupted(self) -> bool:
        """Running, but no heartbeat for about two minutes: the worker died in the middle."""
        if self.status != self.Status.RUNNING:
            return False
        last = self.heartbeat_at or self.updated_at
        return last < timezone.now() - heartbeat_stale_after()

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale or self.is_interrupted

    @property
    def can_download(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and not self.is_expired

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def download_name(self) -> str:
        what = slugify(self.filter_description or str(self.school))[:60] or "export"
        if self.kind == self.Kind.DOSSIER:
            return f"dossier-{what}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.pdf"
        return f"uniform-{self.kind.replace('_', '-')}-{what}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.zip"

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.kind == self.Kind.DOSSIER else "application/zip"
