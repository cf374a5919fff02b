"""Internships (stages): a student of a school at a site, with a mentor and a teacher."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Internship(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        INTAKE_DONE = "intake_done", _("intake done")
        RUNNING = "running", _("running")
        MIDTERM = "midterm_evaluated", _("midterm evaluated")
        FINAL = "final_evaluated", _("final evaluated")
        CLOSED = "closed", _("closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="internships")
    student = models.ForeignKey("schools.Student", on_delete=models.PROTECT, related_name="internships")
    site = models.ForeignKey("mentors.Site", on_delete=models.PROTECT, related_name="internships")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="mentored_internships", verbose_name=_("mentor"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="supervised_internships", verbose_name=_("internship teacher"),
    )
    catalogue_version = models.ForeignKey(
        "catalogue.CatalogueVersion", on_delete=models.PROTECT, related_name="internships",
        verbose_name=_("catalogue version"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    required_hours = models.PositiveIntegerField(_("required hours"), default=120)
    hours_done = models.DecimalField(_("hours done"), max_digits=6, decimal_places=1, default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        ordering = ["-start_date", "student__last_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="internship_period_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.site}"

    @property
    def hours_percent(self) -> int:
        if not self.required_hours:
            return 0
        return min(100, round(float(self.hours_done) * 100 / self.required_hours))

    @property
    def status_step(self) -> int:
        return list(self.Status.values).index(self.status)
