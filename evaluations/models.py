"""Feedback sheets and activity lists (evaluations come in a later module)."""

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
    internship = models.ForeignKey("internships.Internship", on_delete=models.CASCADE, related_name="feedback_sheets")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_sheets")
    date = models.DateField(_("date"))
    date_end = models.DateField(_("until"), null=True, blank=True, help_text=_("For a sheet about a whole week."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    strengths = models.TextField(_("strengths"), blank=True)
    work_points = models.TextField(_("points to work on"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    coach_comment = models.TextField(_("comment of the coach (for the mentor only)"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(_("reflection of the student"), blank=True)
    reflection_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

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

    internship = models.ForeignKey("internships.Internship", on_delete=models.CASCADE, related_name="activity_entries")
    activity = models.ForeignKey("catalogue.ActivityTemplate", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    level = models.CharField(_("how"), max_length=20, choices=Level.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity list entry")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date:%d/%m/%Y}"


class LockedEvaluationError(Exception):
    """Raised when something tries to change a signed (locked) evaluation."""


class Evaluation(models.Model):
    """A midterm or final evaluation: every indicator rated, per-cluster remarks, the mentor's
    advice, the school's assessment and decision; signed by both, then locked for good. A
    correction is a new revision that points to the one it corrects."""

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("midterm evaluation")
        FINAL = "final", _("final evaluation")

    class Decision(models.TextChoices):
        NONE = "", _("not decided yet")
        SUFFICIENT = "sufficient", _("sufficient")
        INSUFFICIENT = "insufficient", _("not sufficient yet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    internship = models.ForeignKey("internships.Internship", on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("revision"), default=1)
    revision_of = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by")
    mentor_advice = models.TextField(_("advice of the mentor"), blank=True)
    school_assessment = models.TextField(_("assessment of the school"), blank=True)
    decision = models.CharField(_("decision of the school"), max_length=20, choices=Decision.choices, blank=True)
    conversation_date = models.DateField(_("date of the evaluation conversation"), null=True, blank=True)
    conversation_present = models.CharField(_("present at the conversation"), max_length=300, blank=True)
    mentor_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    teacher_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    teacher_signed_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["internship", "kind", "number"], name="one_evaluation_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.number})"

    def save(self, *args, **kwargs):
        if self.pk and Evaluation.objects.filter(pk=self.pk, locked_at__isnull=False).exists():
            raise LockedEvaluationError("A signed evaluation cannot be changed; make a correction.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.locked_at or Evaluation.objects.filter(pk=self.pk, locked_at__isnull=False).exists():
            raise LockedEvaluationError("A signed evaluation cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class _EvaluationPart(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._guard()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self):
        if Evaluation.objects.filter(pk=self.evaluation_id, locked_at__isnull=False).exists():
            raise LockedEvaluationError("A signed evaluation cannot be changed; make a correction.")


class EvaluationRating(_EvaluationPart):
    """One indicator: the mentor's level and the student's own (self-assessment)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey("catalogue.RatingLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    student_level = models.ForeignKey("catalogue.RatingLevel", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"], name="one_evaluation_rating")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.level_id}"


class EvaluationClusterRemark(_EvaluationPart):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="cluster_remarks")
    cluster = models.ForeignKey("catalogue.Cluster", on_delete=models.PROTECT, related_name="+")
    remark = models.TextField(_("remark"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "cluster"], name="one_cluster_remark")]

    def __str__(self) -> str:
        return self.remark[:40]
