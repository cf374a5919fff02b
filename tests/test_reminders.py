"""Reminders on the network's schedule, walked day by day with a frozen clock (issue #15,
acceptance 1; ADR 0016), and the scheduler's claims (two schedulers, a second run)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from internships.models import DocumentType, Internship, RequiredDocument
from notifications.models import Notification
from reminders import services
from reminders.models import Reminder, SchedulerJob, SchedulerMinute
from reminders.rules import evaluation_windows

pytestmark = pytest.mark.django_db


def _at(day, hour=7, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def walk(demo):
    """Emma's new internship at KDV 't Nestje, planned on day 0 (a Monday ten weeks after the
    demo's today, when the demo's own internships have ended), to start on day 7 for four weeks;
    asked for the internship agreement and the criminal-record extract (needed to start)."""
    from catalogue.models import Programme
    from childcare.models import Site
    from internships.services import internship_create

    today = timezone.localdate()
    day0 = today + timedelta(days=70 - today.weekday())
    with time_machine.travel(_at(day0, 6), tick=False):
        emma = demo.emma
        network = emma.school.network
        types = DocumentType.objects.filter(network=network, name__in=["Stageovereenkomst", "Uittreksel strafregister (model 2)"])
        internship = internship_create(
            school=emma.school, student=emma, programme=Programme.objects.filter(network=network).first(),
            site=Site.objects.get(name="KDV 't Nestje"), start_date=day0 + timedelta(days=7),
            end_date=day0 + timedelta(days=32), mentor=demo.user("mentor@uniform.demo"),
            teacher=demo.user("teacher@uniform.demo"), required_hours=100, document_types=types,
            by=demo.user("schooladmin@uniform.demo"),
        )
        # Only these two (the site's profile may ask more: its own reminders are not this walk's).
        internship.documents.exclude(document_type__in=types).delete()
    return day0, internship


def _run_day(day, internship, demo):
    """The scheduler at 07:00 and 07:10 (when the worker's lost mails are picked up), twice each."""
    sent = {}
    for minute in (0, 10):
        with time_machine.travel(_at(day, 7, minute), tick=False):
            first = services.tick(worker="a")
            again = services.tick(worker="b")
            assert first.ran and not again.ran
            sent[minute] = first.counts
            # The reminders' own dedupe keys: the same day computed again writes nothing.
            assert services.send_reminders(day) == 0
    return sent


def test_three_weeks_of_reminders(demo, walk):
    from evaluations.evaluation.services import evaluation_start
    from evaluations.feedback.services import sheet_start, sheet_submit
    from internships.services import document_set_status, hours_log, internship_transition

    day0, internship = walk
    network = internship.school.network
    services.schedule_update(network=network, reminder=Reminder.NO_FEEDBACK, enabled=True, days=7, later_days=5,
                             by=demo.user("coordinator@uniform.demo"))
    mentor, teacher, student = demo.user("mentor@uniform.demo"), demo.user("teacher@uniform.demo"), demo.user("student@uniform.demo")
    admin, site_admin = demo.user("schooladmin@uniform.demo"), demo.user("childcare@uniform.demo")
    assert [(w.kind, (w.opens - day0).days, (w.closes - day0).days) for w in evaluation_windows(internship.start_date, internship.end_date)] == [
        ("midterm", 17, 22), ("final", 23, 32)]
    extract = internship.documents.get(document_type__blocks_start=True)
    seen: dict[int, set] = {}
    mails: dict[int, list] = {}
    for n in range(22):
        day = day0 + timedelta(days=n)
        with time_machine.travel(_at(day, 6), tick=False):  # what people do before the scheduler's hour
            if n == 5:
                document_set_status(document=extract, status=RequiredDocument.Status.APPROVED, by=admin, may_approve=True)
            if n == 7:
                internship_transition(internship=internship, to=Internship.Status.INTAKE_DONE, by=teacher, manual=False)
                internship_transition(internship=internship, to=Internship.Status.RUNNING, by=teacher)
            if n == 8:
                sheet = sheet_start(internship=internship, by=mentor, day=day)
                sheet.strengths = "Rustig bij het onthaal."
                sheet.save()
                sheet_submit(sheet=sheet, by=mentor)
                hours_log(internship=internship, by=student, day=day, hours=Decimal("8"))
            if n == 18:
                evaluation = evaluation_start(internship=internship, kind="midterm", by=mentor)
                type(evaluation).objects.filter(pk=evaluation.pk).update(mentor_signed_by=mentor, mentor_signed_at=timezone.now())
        before = set(Notification.objects.filter(internship=internship, kind__startswith="reminder_").values_list("pk", flat=True))
        outbox = len(mail.outbox)
        _run_day(day, internship, demo)
        new = Notification.objects.filter(internship=internship, kind__startswith="reminder_").exclude(pk__in=before)
        if new:
            seen[n] = {(row.kind.removeprefix("reminder_"), row.recipient.email) for row in new}
        mails[n] = list(mail.outbox[outbox:])

    assert seen == {
        0: {("documents_due", admin.email), ("documents_due", student.email), ("documents_due", site_admin.email)},
        8: {("documents_overdue", admin.email), ("documents_overdue", student.email)},  # the agreement: not needed to start
        15: {("no_feedback", mentor.email), ("hours_unconfirmed", mentor.email), ("reflection_missing", student.email)},
        17: {("evaluation_window_opens", mentor.email), ("evaluation_window_opens", teacher.email)},
        19: {("evaluation_window_closes", mentor.email), ("evaluation_window_closes", teacher.email)},
        20: {("no_feedback_teacher", teacher.email)},  # 7 + the network's 5 days later
        21: {("signature_awaited", teacher.email)},  # the mentor signed on day 18
    }
    # Every reminder once, mailed the same day as its recipient prefers: the mentor in the day's
    # one digest (with whatever else is due for them), the others at once, each its own mail.
    rows = list(Notification.objects.filter(internship=internship, kind__startswith="reminder_").select_related("recipient", "digest"))
    assert len(rows) == sum(map(len, seen.values()))
    for row in rows:
        n = (timezone.localdate(row.created_at) - day0).days
        assert row.mail_status == "sent", row
        assert timezone.localdate(row.mailed_at) == day0 + timedelta(days=n), row
        if row.recipient == mentor:
            assert row.delivery == "digest" and row.digest.day == day0 + timedelta(days=n)
            digests = [m for m in mails[n] if m.to == [mentor.email]]
            assert len(digests) == 1 and row.subject in digests[0].body  # one mail a day: the digest
        else:
            assert row.delivery == "immediately"
            assert [m for m in mails[n] if m.to == [row.recipient.email] and m.subject.endswith(row.subject)], row
    # Nothing more on a second pass over the same days (another scheduler, a restart).
    SchedulerMinute.objects.all().delete()
    SchedulerJob.objects.all().delete()
    count = Notification.objects.count()
    for n in (0, 8, 15, 21):
        _run_day(day0 + timedelta(days=n), internship, demo)
    assert Notification.objects.count() == count


def test_every_notification_of_the_demo_opens_its_page_for_its_recipient(demo):
    """A mail or the bell links to the exact task: each link of the demo's notifications and of
    today's reminders opens (200) for the person it is for (not a POST-only URL, not a 404)."""
    services.send_reminders(timezone.localdate())
    rows = list(Notification.objects.select_related("recipient").order_by("pk"))
    assert any(n.kind.startswith("reminder_") for n in rows)
    wrong, clients = [], {}
    for n in rows:
        if n.recipient_id not in clients:
            clients[n.recipient_id] = demo.client_for(n.recipient.email)
        status = clients[n.recipient_id].get(n.link.split("#")[0]).status_code
        if status != 200:
            wrong.append(f"{n.kind} → {n.link} for {n.recipient.email}: {status}")
    assert not wrong, wrong
