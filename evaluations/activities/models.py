"""The activity list's entries (a table of the evaluations app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActivityEntry(models.Model):
    """One line of the activity list: an activity of the catalogue done on a day, how
    independently; proposed by the student, confirmed (or corrected) by the mentor."""

    class Level(models.TextChoices):
        OBSERVED = "observed", _("observed")
        WITH_HELP = "with_help", _("done with help")
        INDEPENDENT = "independent", _("done independently")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("to confirm")
        CONFIRMED = "confirmed", _("confirmed")

    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.CASCADE, related_name="activity_entries", verbose_name=_("internship"),
    )
    activity = models.ForeignKey("catalogue.ActivityTemplate", on_delete=models.PROTECT, related_name="+", verbose_name=_("activity"))
    date = models.DateField(_("date"))
    level = models.CharField(_("how"), max_length=20, choices=Level.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity list entry")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date:%d/%m/%Y}"
