"""Notifications (issue #15, ADR 0015): who is told what, idempotency, preferences, mail, digest."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from notifications import services
from notifications.kinds import Kind
from notifications.models import Delivery, Digest, MailStatus, Notification, Preference


def _run_mails():
    """What the worker does: send every queued immediate mail."""
    for pk in Notification.objects.filter(mail_status=MailStatus.PENDING, delivery=Delivery.IMMEDIATELY).values_list("pk", flat=True):
        services.send_one(pk)


def test_notify_writes_once_per_dedupe_key(demo, django_capture_on_commit_callbacks):
    teacher = demo.user("teacher@uniform.demo")
    internship = demo.emma_internship
    with django_capture_on_commit_callbacks(execute=False):
        first = services.notify(Kind.REMINDER_NO_FEEDBACK, [teacher, teacher], about=internship, internship=internship,
                                link="/x/", context={"student": "Emma", "days": 14}, dedupe_key="r:1")
        again = services.notify(Kind.REMINDER_NO_FEEDBACK, [teacher], about=internship, internship=internship,
                                link="/x/", dedupe_key="r:1")
    assert len(first) == 1 and again == []
    row = first[0]
    assert row.network_id == internship.school.network_id and row.subject.startswith("Geen feedbackfiche") or row.subject
    assert Notification.objects.filter(recipient=teacher, dedupe_key="r:1").count() == 1
