"""Midterm and final evaluations: revisions, ratings, cluster remarks (tables of the evaluations app)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LockedEvaluationError(Exception):
    """Raised when something tries to change a signed (locked) evaluation."""


class Evaluation(models.Model):
    """A midterm or final evaluation: every indicator rated, per-cluster remarks, the mentor's
    advice, the school's assessment and decision; signed by both, then locked for good. A
    correction is a new revision that points to the one it corrects."""

    # Set by the save and sign services: the roles whose signature that write withdrew, for the
    # page to say so (not a column).
    withdrawn: list[str]

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("midterm evaluation")
        FINAL = "final", _("final evaluation")

    class Decision(models.TextChoices):
        NONE = "", _("not decided yet")
        SUFFICIENT = "sufficient", _("sufficient")
        INSUFFICIENT = "insufficient", _("not sufficient yet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("internship"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("revision"), default=1)
    revision_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by", verbose_name=_("correction of"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    mentor_advice = models.TextField(_("advice of the mentor"), blank=True)
    school_assessment = models.TextField(_("assessment of the school"), blank=True)
    decision = models.CharField(_("decision of the school"), max_length=20, choices=Decision.choices, blank=True)
    conversation_date = models.DateField(_("date of the evaluation conversation"), null=True, blank=True)
    conversation_present = models.CharField(_("present at the conversation"), max_length=300, blank=True)
    mentor_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed by the mentor"),
    )
    mentor_signed_at = models.DateTimeField(_("signed by the mentor on"), null=True, blank=True)
    #: SHA-256 of what the mentor signed (``selectors.content_digest``): see ADR 0011.
    mentor_signed_digest = models.CharField(max_length=64, blank=True, editable=False)
    teacher_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed for the school by"),
    )
    teacher_signed_at = models.DateTimeField(_("signed for the school on"), null=True, blank=True)
    teacher_signed_digest = models.CharField(max_length=64, blank=True, editable=False)
    locked_at = models.DateTimeField(_("locked on"), null=True, blank=True)
    #: What the locked evaluation shows (names, catalogue texts, content, signatures), stored
    #: when it is locked; its page and PDF are rendered from it (ADR 0011).
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("last saved by"),
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

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


class SignatureWithdrawal(models.Model):
    """A signature that was withdrawn because what it signed changed afterwards: the signer is
    told by mail, and the evaluation's page shows it until they sign again (ADR 0011)."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        TEACHER = "teacher", _("school")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="withdrawals")
    role = models.CharField(max_length=20, choices=Role.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    digest = models.CharField(max_length=64, blank=True)
    withdrawn_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-withdrawn_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.role} {self.signer_id} withdrawn {self.withdrawn_at:%Y-%m-%d}"
