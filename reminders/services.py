"""Writes for the reminders: the network's schedule, an organisation's opt-out, and the
scheduler's tick (ADR 0016).

The scheduler is safe to start twice and to kill at any moment:

* a **minute** is claimed by inserting its unique ``SchedulerMinute`` row: of two processes
  (or a process and a cron ``--once``) only the first runs it, on SQLite and PostgreSQL alike;
* a **daily job** (the reminders, the training sessions' reminders) is claimed by one
  conditional UPDATE on its ``SchedulerJob`` row ("not done today and not claimed"): one run a
  day; a claim left by a killed process is taken over after ``STALE_CLAIM``;
* every **notification** carries a dedupe key per (reminder, object, step, day), unique per
  recipient in ``notifications``: a job run again, or two runs racing, write each one once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from calibration.selectors import refresh as calibration_refresh
from reminders.models import Reminder, ReminderOptOut, ReminderSetting, SchedulerJob, SchedulerMinute
from reminders.rules import DEFAULTS
from reminders.selectors import Due, due_reminders
from retention.services import daily as retention_daily

log = logging.getLogger("uniform.scheduler")

#: A daily job's claim without a finish after this long belongs to a process that died.
STALE_CLAIM = timedelta(minutes=15)
#: Minutes the scheduler keeps a record of (for the operator), in days.
KEEP_MINUTES_DAYS = 2


# --------------------------------------------------------------------------- the schedule


@transaction.atomic
def schedule_update(*, network, reminder: str, enabled: bool, days: int, later_days: int | None, by) -> ReminderSetting:
    """The coordinator sets one reminder of the network: on/off and its days."""
    if reminder not in DEFAULTS:
        raise ValidationError(_("Unknown reminder."))
    if DEFAULTS[reminder].later_days is None:
        later_days = None
    elif not later_days:
        raise ValidationError(_("Say after how many more days the next person is told."))
    row = ReminderSetting.objects.filter(network=network, reminder=reminder).first() or ReminderSetting(network=network, reminder=reminder)
    row.enabled, row.days, row.later_days, row.changed_by = enabled, days, later_days, by
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def schedule_save(*, network, values, by) -> None:
    """The coordinator saves the network's whole schedule at once: ``values`` are
    (reminder, enabled, days, later_days) rows; one refused row saves none."""
    for reminder, enabled, days, later_days in values:
        schedule_update(network=network, reminder=reminder, enabled=enabled, days=days, later_days=later_days, by=by)


@transaction.atomic
def opt_out_set(*, organisation, reminder: str, off: bool, by) -> None:
    """A school's or childcare organisation's admin turns one reminder off (or on again) for
    the organisation's own people."""
    if reminder not in DEFAULTS:
        raise ValidationError(_("Unknown reminder."))
    if off:
        ReminderOptOut.objects.get_or_create(organisation=organisation, reminder=reminder, defaults={"by": by})
    else:
        ReminderOptOut.objects.filter(organisation=organisation, reminder=reminder).delete()


@transaction.atomic
def opt_outs_save(*, organisation, off: dict[str, bool], by) -> None:
    """Every reminder's off/on for one organisation at once (``off``: reminder → turned off)."""
    for reminder, turned_off in off.items():
        opt_out_set(organisation=organisation, reminder=reminder, off=turned_off, by=by)


# --------------------------------------------------------------------------- sending


def _notify(due: Due, recipient) -> bool:
    """One reminder through the notification centre; True when it was new."""
    from notifications.services import notify

    made = notify(due.kind, [recipient], about=due.about, link=due.link, internship=due.internship,
                  context=due.context, dedupe_key=due.dedupe_key)
    return bool(made)


def send_reminders(today: date) -> int:
    """Every reminder due ``today`` handed to the notification centre. Returns how many were
    new (a second run the same day: 0)."""
    dues = due_reminders(today)
    users = get_user_model().objects.filter(is_active=True).in_bulk({d.recipient_id for d in dues})
    sent = 0
    for due in dues:
        recipient = users.get(due.recipient_id)
        if recipient is not None and _notify(due, recipient):
            sent += 1
    return sent


def send_training_reminders(today: date) -> int:
    from training.services import send_session_reminders

    return send_session_reminders(today=today)


def send_introduction_reminders(now: datetime) -> int:
    from childcare.profile_services import send_introduction_reminders as send

    return int(send(now) or 0)


def send_digests(now: datetime) -> int:
    from notifications.services import send_due_digests

    return int(send_due_digests(now) or 0)


def recover_exports(now: datetime) -> int:
    """Exports a killed worker left: queued again, or failed after their last attempt (ADR 0028)."""
    from exports.services import requeue_abandoned

    counts = requeue_abandoned(now)
    return counts["requeued"] + counts["failed"]


def send_lost_mails(now: datetime) -> int:
    """Immediate mails the worker never sent (a lost task, a failure with attempts left)."""
    from notifications.services import send_pending_mails

    return int(send_pending_mails(now) or 0)


# --------------------------------------------------------------------------- the scheduler


def claim_minute(minute: datetime, worker: str) -> SchedulerMinute | None:
    """The minute's row, or None when another scheduler has it already."""
    try:
        with transaction.atomic():
            return SchedulerMinute.objects.create(minute=minute, worker=worker[:120], started_at=timezone.now())
    except IntegrityError:
        return None


def run_daily(name: str, day: date, job: Callable[[], int], *, worker: str, now: datetime | None = None) -> int | None:
    """Run ``job`` once for ``day``: None when it ran already that day or another process is
    running it; else what it returned. A job that fails gives its claim back (the next minute
    tries again)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            SchedulerJob.objects.get_or_create(name=name)
    except IntegrityError:  # created by the other scheduler at this very moment
        pass
    claimed = (
        SchedulerJob.objects.filter(name=name)
        .filter(Q(last_day__isnull=True) | Q(last_day__lt=day))
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM))
        .update(claimed_at=now, claimed_by=worker[:120])
    )
    if not claimed:
        return None
    try:
        count = job()
    except Exception:
        SchedulerJob.objects.filter(name=name, claimed_by=worker[:120]).update(claimed_at=None, claimed_by="")
        raise
    SchedulerJob.objects.filter(name=name).update(last_day=day, claimed_at=None, claimed_by="",
                                                  last_finished_at=timezone.now(), last_count=count)
    return count


@dataclass
class Tick:
    minute: datetime
    ran: bool  # False: another scheduler had this minute
    counts: dict[str, int | None] = field(default_factory=dict)


def reminder_hour() -> int:
    return int(getattr(settings, "UNIFORM_REMINDER_HOUR", 7))


def tick(now: datetime | None = None, *, worker: str = "") -> Tick:
    """One minute of the scheduler: claim it, then the reminders and the reminders of training
    sessions and kennismakingsmomenten (once a day, from ``UNIFORM_REMINDER_HOUR`` on), then the digests that are due and
    the immediate mails the worker did not send (``notifications.services.send_pending_mails``)
    and the exports a killed worker left (``exports.services.requeue_abandoned``).
    Each part runs even when an earlier one failed (logged); the minute is marked finished."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    row = claim_minute(minute, worker)
    if row is None:
        return Tick(minute, ran=False)
    result = Tick(minute, ran=True)
    local = timezone.localtime(now)
    today = local.date()
    parts: list[tuple[str, Callable[[], int | None]]] = []
    if local.hour >= reminder_hour():
        parts.append(("reminders", lambda: run_daily("reminders", today, lambda: send_reminders(today), worker=worker, now=now)))
        parts.append(("training", lambda: run_daily("training", today, lambda: send_training_reminders(today), worker=worker, now=now)))
        parts.append(("introductions", lambda: run_daily("introductions", today, lambda: send_introduction_reminders(now),
                                                         worker=worker, now=now)))
        parts.append(("retention", lambda: run_daily("retention", today, lambda: retention_daily(today), worker=worker, now=now)))
        # A region's calibration figures (seconds of counting) are counted again once a day.
        parts.append(("calibration", lambda: run_daily("calibration", today, calibration_refresh, worker=worker, now=now)))
    parts.append(("digests", lambda: send_digests(now)))
    parts.append(("mails", lambda: send_lost_mails(now)))
    parts.append(("exports", lambda: recover_exports(now)))
    failed = []
    for name, part in parts:
        try:
            result.counts[name] = part()
        except Exception:
            log.exception("scheduler: %s failed at %s", name, minute)
            failed.append(name)
    notes = ", ".join(f"{k}={v}" for k, v in result.counts.items() if v) + (f" failed: {', '.join(failed)}" if failed else "")
    SchedulerMinute.objects.filter(pk=row.pk).update(finished_at=timezone.now(), notes=notes[:300])
    SchedulerMinute.objects.filter(minute__lt=minute - timedelta(days=KEEP_MINUTES_DAYS)).delete()
    return result


def reminder_choices() -> list[str]:
    return list(Reminder.values)
