"""Reminders on a schedule the network sets, a school's or site's opt-out, and the scheduler's
state (ADR 0016).

``ReminderSetting`` holds what a coordinator changed for the network; a reminder without a row
follows ``reminders.rules.DEFAULTS``. ``ReminderOptOut`` turns one reminder off for one
organisation (a school: for its people; a childcare organisation: for its staff).
``SchedulerMinute`` and ``SchedulerJob`` are the scheduler's memory: a minute is claimed by one
process only (a unique row), a daily job by one run per day (see ``reminders.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.TextChoices):
    NO_FEEDBACK = "no_feedback", _("No feedback sheet for a running internship")
    DOCUMENTS_DUE = "documents_due", _("Documents due soon")
    DOCUMENTS_OVERDUE = "documents_overdue", _("Documents overdue")
    HOURS_UNCONFIRMED = "hours_unconfirmed", _("Hours waiting for confirmation")
    EVALUATION_OPENS = "evaluation_opens", _("An evaluation window opens")
    EVALUATION_CLOSES = "evaluation_closes", _("An evaluation window closes")
    SIGNATURE_AWAITED = "signature_awaited", _("A signature awaited")
    REFLECTION_MISSING = "reflection_missing", _("A reflection not written")


class ReminderSetting(models.Model):
    """One reminder of one network as its coordinator set it: on or off, after how many days,
    and (where the reminder has a second step) how many days later the next person is told."""

    network = models.ForeignKey("uniform.Network", on_delete=models.CASCADE, related_name="reminder_settings")
    reminder = models.CharField(_("reminder"), max_length=32, choices=Reminder.choices)
    enabled = models.BooleanField(_("on"), default=True)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(0), MaxValueValidator(90)])
    later_days = models.PositiveSmallIntegerField(
        _("days later, the next person"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder setting")
        constraints = [models.UniqueConstraint(fields=["network", "reminder"], name="reminder_setting_once")]

    def __str__(self) -> str:
        return f"{self.network_id} · {self.reminder}: {'on' if self.enabled else 'off'} {self.days}/{self.later_days}"


class ReminderOptOut(models.Model):
    """A school or childcare organisation turned one reminder off for its own people."""

    organisation = models.ForeignKey("uniform.Organisation", on_delete=models.CASCADE, related_name="reminder_opt_outs")
    reminder = models.CharField(_("reminder"), max_length=32, choices=Reminder.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder turned off")
        constraints = [models.UniqueConstraint(fields=["organisation", "reminder"], name="reminder_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id} off: {self.reminder}"


class SchedulerMinute(models.Model):
    """One minute the scheduler ran: the unique ``minute`` is the claim, so of two schedulers
    started at once only one runs it. Kept two days (for the operator), then pruned."""

    minute = models.DateTimeField(unique=True)
    worker = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-minute"]

    def __str__(self) -> str:
        return f"{self.minute:%Y-%m-%d %H:%M} {self.worker}"


class SchedulerJob(models.Model):
    """A daily job (the reminders): the last day it finished, and a claim on a run under way.
    A claim older than ``services.STALE_CLAIM`` without a finish (a killed process) may be
    taken over; what it sent already is not sent again (every reminder has a dedupe key)."""

    name = models.CharField(max_length=40, unique=True)
    last_day = models.DateField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=120, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_day}"
