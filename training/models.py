"""Mentor training courses and study days, who registered, who attended.

A confirmed registration holds a numbered *seat* (1..capacity). ``UniqueConstraint(course,
seat)`` makes it impossible at the database level for two registrations to hold the same seat,
so even two people taking the last place at the same moment cannot exceed the capacity: the
register service locks the course row and picks a free seat number; should two transactions
ever race past that lock, the second insert fails on the constraint.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from training.selectors import Mix, RegistrationActions

MAX_CAPACITY = 99
DEFAULT_CAPACITY = 16


class Course(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Mentor training")
        STUDY_DAY = "study_day", _("Study day")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    network = models.ForeignKey("uniform.Network", on_delete=models.PROTECT, related_name="training_courses")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField(_("title"), max_length=160)
    theme = models.CharField(_("theme"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=DEFAULT_CAPACITY, validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    min_school_percent = models.PositiveSmallIntegerField(
        _("at least % from schools"), default=33, validators=[MaxValueValidator(100)]
    )
    min_workfloor_percent = models.PositiveSmallIntegerField(
        _("at least % from the work floor"), default=33, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    mix: Mix  # courses_for
    free: int
    can_manage: bool

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(min_school_percent__lte=100, min_workfloor_percent__lte=100)
                & Q(min_school_percent__lte=100 - models.F("min_workfloor_percent")),
                name="training_course_mix_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if (self.min_school_percent or 0) + (self.min_workfloor_percent or 0) > 100:
            raise ValidationError(_("The minimum shares of schools and work floor add up to more than 100%."))

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="training_session_times_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def hours(self) -> float:
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return (end - start) / 60


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Side(models.TextChoices):
        SCHOOL = "school", _("School")
        WORKFLOOR = "workfloor", _("Work floor")

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_registrations")
    organisation = models.ForeignKey(
        "uniform.Organisation", on_delete=models.PROTECT, related_name="training_registrations"
    )
    side = models.CharField(_("from"), max_length=20, choices=Side.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    seat = models.PositiveSmallIntegerField(null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    # Set on instances by selectors for the pages (not columns; declared for the type checker).
    attended: list[bool]  # registration_actions
    actions: RegistrationActions

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "seat"], name="training_registration_unique_seat"),
            models.UniqueConstraint(
                fields=["course", "user"], condition=Q(status__in=["confirmed", "waiting"]),
                name="training_registration_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed", seat__isnull=False, seat__gte=1) | (~Q(status="confirmed") & Q(seat__isnull=True)),
                name="training_registration_seat_iff_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class Attendance(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="training_attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session}: {'present' if self.present else 'absent'}"


class CalibrationCase(models.Model):
    """A calibration exercise on a training session: a described situation about an intern,
    the catalogue indicators to rate it on and the network's reference rating of each.
    Participants (a place in the course) rate it; after rating, or once the coordinator
    reveals it, the session shows the spread per indicator and the reference, never who
    gave which level."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="cases", verbose_name=_("session"))
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("the situation"), help_text=_("What happened: a described situation or a short text about an intern's behaviour."))
    catalogue_version = models.ForeignKey(
        "catalogue.CatalogueVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("catalogue version"),
    )
    revealed_at = models.DateTimeField(_("spread shown to everyone on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calibration case")
        verbose_name_plural = _("calibration cases")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CaseIndicator(models.Model):
    """An indicator the case is rated on, with the network's reference level."""

    case = models.ForeignKey(CalibrationCase, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.PROTECT, related_name="+")
    reference_level = models.ForeignKey("catalogue.RatingLevel", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("reference rating"))

    class Meta:
        ordering = ["indicator__cluster__order", "indicator__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "indicator"], name="training_case_indicator_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.indicator_id}"


class CaseRating(models.Model):
    """One participant's level for one indicator of a case (seen by nobody else one by one)."""

    item = models.ForeignKey(CaseIndicator, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey("catalogue.RatingLevel", on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="training_case_rating_once")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.level_id}"
