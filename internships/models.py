"""Internships (stages): a student of a school at a site, with a mentor and a teacher."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    school = models.ForeignKey("uniform.Organisation", on_delete=models.PROTECT, related_name="internships", verbose_name=_("school"))
    student = models.ForeignKey("schools.Student", on_delete=models.PROTECT, related_name="internships", verbose_name=_("student"))
    site = models.ForeignKey("mentors.Site", on_delete=models.PROTECT, related_name="internships", verbose_name=_("site"))
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
    def takes_feedback(self) -> bool:
        """Whether a new feedback sheet is offered: from the start on, until it is closed."""
        from django.utils import timezone

        return self.status != self.Status.CLOSED and self.start_date <= timezone.localdate()

    @property
    def status_step(self) -> int:
        return list(self.Status.values).index(self.status)


class InternshipEvent(models.Model):
    """One line of the internship's timeline: what happened, who did it, when."""

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.text


class IntakeMeeting(models.Model):
    """The kennismakingsgesprek before the start: expectations, agreements, the schedule."""

    internship = models.OneToOneField(Internship, on_delete=models.CASCADE, related_name="intake", verbose_name=_("internship"))
    date = models.DateField(_("date"))
    attendees = models.CharField(_("who attended"), max_length=300)
    student_expectations = models.TextField(_("the student's expectations"), blank=True)
    learning_goals = models.TextField(_("learning goals"), blank=True)
    site_expectations = models.TextField(_("the site's expectations"), blank=True)
    practical_agreements = models.TextField(_("practical agreements"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake meeting")

    def __str__(self) -> str:
        return f"{_('Intake')} {self.date:%d/%m/%Y}"


class Override(models.Model):
    """A lifecycle rule the school admin set aside, with the reason: shown on the timeline, the
    internship page and the dossier."""

    class Step(models.TextChoices):
        START = "start", _("start")
        CLOSE = "close", _("close")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="overrides")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    blocked_by = models.TextField(_("what was missing"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("override")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.reason[:40]}"


class ScheduleSlot(models.Model):
    """One block of the agreed weekly schedule (uurrooster)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="schedule")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def hours(self) -> float:
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return (end - start) / 60


class DocumentType(models.Model):
    """A document the sites need before the start, configurable per network."""

    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="document_types")
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    days_before_start = models.PositiveSmallIntegerField(_("due (days before the start)"), default=14)
    order = models.PositiveSmallIntegerField(default=0)
    is_default = models.BooleanField(_("asked by default"), default=True)
    blocks_start = models.BooleanField(
        _("needed to start"), default=False,
        help_text=_("The internship cannot start until this document is approved (the school admin may decide otherwise, with a reason)."),
    )

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="document_type_unique_name")]

    def __str__(self) -> str:
        return self.name


def _document_path(instance, filename):
    """A random name that keeps the extension given by the service (the file's real type)."""
    import os.path
    import uuid as _uuid

    return f"internships/{instance.internship_id}/{_uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


class RequiredDocument(models.Model):
    class Status(models.TextChoices):
        MISSING = "missing", _("missing")
        HANDED_IN = "handed_in", _("handed in")
        APPROVED = "approved", _("approved")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="documents", verbose_name=_("internship"))
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of document"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.MISSING)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=_document_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=60, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    history = HistoricalRecords()

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    overdue: bool

    class Meta:
        ordering = ["due_date", "document_type__order"]
        constraints = [
            models.UniqueConstraint(fields=["internship", "document_type"], name="one_document_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.document_type} ({self.get_status_display()})"

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.MISSING and self.due_date < today

    @property
    def is_read_only(self) -> bool:
        """An approved document keeps its file until someone who approves sets it back."""
        return self.status == self.Status.APPROVED


class DocumentVersion(models.Model):
    """An earlier file of a required document: kept (never deleted) when a new file replaced
    it, with who uploaded it and when, and who replaced it."""

    document = models.ForeignKey(RequiredDocument, on_delete=models.CASCADE, related_name="versions")
    file = models.FileField(upload_to=_document_path, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=60, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("replaced by"),
    )
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self) -> str:
        return f"{self.document.document_type} · {self.file_name}"

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(self.file_type, "")

    @property
    def internship_id(self):  # for _document_path
        return self.document.internship_id


class Visit(models.Model):
    """A visit of the internship teacher (stagebezoek): planned, then logged."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="visits", verbose_name=_("internship"))
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    with_whom = models.CharField(_("with whom"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("planned by"),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{_('Visit')} {self.date:%d/%m/%Y}"


class HourEntry(models.Model):
    """A day of the internship: hours worked (or an absence), logged and confirmed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("to confirm")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="hour_entries", verbose_name=_("internship"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, default=0)
    is_absence = models.BooleanField(_("absent"), default=False)
    absence_reason = models.CharField(_("reason of absence"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("logged by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by"),
    )
    confirmed_at = models.DateTimeField(_("checked on"), null=True, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["internship", "date"], name="one_hour_entry_per_day"),
            models.CheckConstraint(condition=models.Q(hours__gte=0, hours__lte=24), name="hours_within_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.hours}"
