"""How long a network keeps each kind of record, and the holds that stop deletion (issue 16).

A ``LegalHold`` on a student or on one internship stops the retention job and erasure from
removing anything of it until the hold is lifted (``lifted_at``); it always carries a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="legal_holds")
    student = models.ForeignKey(
        "schools.Student", on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds"
    )
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False) | Q(internship__isnull=False), name="legalhold_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"hold on {self.student_id or self.internship_id} since {self.placed_at:%Y-%m-%d}"


# --------------------------------------------------------------------------- the policy


class RecordType(models.TextChoices):
    """What a network keeps, each with its own rule (the order of the coordinator's form)."""

    SENSITIVE_DOCUMENTS = "sensitive_documents", _("criminal record extracts and health assessments")
    DOCUMENTS = "documents", _("other uploaded documents")
    SHEETS = "sheets", _("feedback sheets, reflections and activity lists")
    HOURS = "hours", _("hours")
    VISITS = "visits", _("visits and the intake meeting")
    EVALUATIONS = "evaluations", _("evaluations (texts)")
    DECISIONS = "decisions", _("decisions (sufficient or not)")
    AUDIT = "audit", _("who looked at what (access log)")
    HISTORY = "history", _("earlier versions (history)")
    NOTIFICATIONS = "notifications", _("mails and notifications")
    EXPORTS = "exports", _("export files")


class Anchor(models.TextChoices):
    END = "end", _("the end of the internship")
    RECORD = "record", _("the day the record was made")


class Unit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
    SCHOOL_YEARS = "school_years", _("school years (until 31 August)")


class RetentionRule(models.Model):
    """How long one network keeps one kind of record: from ``anchor``, ``amount`` ``unit``.

    ``school_years`` counts whole school years (1 September – 31 August): 1 school year after an
    internship that ended on 30 June 2027 (school year 2026–2027) is 31 August 2028, the end of
    the next school year. The record is removed on that day. No row: the default
    (``retention.rules.DEFAULTS``)."""

    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="retention_rules")
    record_type = models.CharField(max_length=32, choices=RecordType.choices)
    anchor = models.CharField(max_length=12, choices=Anchor.choices)
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=16, choices=Unit.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "record_type"], name="one_retention_rule_per_type")]

    def __str__(self) -> str:
        return f"{self.network_id} {self.record_type}: {self.amount} {self.unit} after {self.anchor}"


class PrivacyContact(models.Model):
    """Whom to contact about the network's data (its privacy contact or data-protection officer),
    shown on the network's privacy page."""

    network = models.OneToOneField("uniform.Network", on_delete=models.CASCADE, related_name="privacy_contact")
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class RetentionDone(models.Model):
    """One kind of record of one internship was removed (or blanked) by the job: it is not
    processed, counted or previewed again."""

    internship = models.ForeignKey("internships.Internship", on_delete=models.CASCADE, related_name="+")
    record_type = models.CharField(max_length=32, choices=RecordType.choices)
    done_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["internship", "record_type"], name="retention_done_once")]

    def __str__(self) -> str:
        return f"{self.internship_id} {self.record_type} {self.done_on}"


class RetentionRun(models.Model):
    """One run of the retention job for one network: when, and how many of each kind it
    removed (counts only, never what)."""

    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="retention_runs")
    day = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)
    skipped_on_hold = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.network_id} {self.day} {self.counts}"
