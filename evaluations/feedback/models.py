"""Feedback sheets: the sheet, its ratings, addenda, and who read it (tables of the evaluations app)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MAX_REMARK = 1000
MAX_TEXT = 5000


class FeedbackSheet(models.Model):
    """A mentor's feedback for a day or a week (feedbackblad)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("with the coach")
        SHARED = "shared", _("shared")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.CASCADE, related_name="feedback_sheets", verbose_name=_("internship"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_sheets", verbose_name=_("written by"),
    )
    date = models.DateField(_("date"))
    date_end = models.DateField(_("until"), null=True, blank=True, help_text=_("For a sheet about a whole week."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    strengths = models.TextField(_("strengths"), blank=True)
    work_points = models.TextField(_("points to work on"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    shared_at = models.DateTimeField(_("shared on"), null=True, blank=True)
    coach_comment = models.TextField(_("comment of the coach (for the mentor only)"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by the coach"),
    )
    reviewed_at = models.DateTimeField(_("reviewed by the coach on"), null=True, blank=True)
    reflection = models.TextField(_("reflection of the student"), blank=True)
    reflection_at = models.DateTimeField(_("reflection written on"), null=True, blank=True)
    #: What the shared sheet shows (names, catalogue texts, ratings, texts), stored when it is
    #: shared; its page and PDF are rendered from it (ADR 0011). Reflection and addenda stay live.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "snapshot"])

    class Meta:
        verbose_name = _("feedback sheet")
        verbose_name_plural = _("feedback sheets")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{_('Feedback')} {self.date:%d/%m/%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_shared(self) -> bool:
        return self.status == self.Status.SHARED


class FeedbackRating(models.Model):
    """The level (and an optional remark) for one observed indicator on a sheet."""

    sheet = models.ForeignKey(FeedbackSheet, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey("catalogue.RatingLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    remark = models.CharField(_("remark"), max_length=MAX_REMARK, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "indicator"], name="one_rating_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.level_id}"


class FeedbackAddendum(models.Model):
    """A correction or addition to a shared sheet: shown as such, never an edit."""

    sheet = models.ForeignKey(FeedbackSheet, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("addendum"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class SheetRead(models.Model):
    """When a person last opened a shared sheet: the teacher's home tells what is new."""

    sheet = models.ForeignKey(FeedbackSheet, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "user"], name="one_read_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.sheet_id}"
