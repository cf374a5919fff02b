"""Email a reminder to every participant with a place, the day before each session.

Run daily (cron: ``manage.py send_training_reminders``). Idempotent: each reminder sent is
recorded (``ReminderSent``), so running it twice sends nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import Course, Registration, ReminderSent, Session


class Command(BaseCommand):
    help = "Send a reminder email the day before a training session (run once a day)."

    def handle(self, *args, **options):
        tomorrow = timezone.localdate() + timedelta(days=1)
        sessions = Session.objects.filter(date=tomorrow, course__status=Course.Status.PUBLISHED).select_related("course")
        sent = 0
        for session in sessions:
            registrations = (
                Registration.objects.filter(course=session.course, status=Registration.Status.CONFIRMED)
                .exclude(reminders__session=session)
                .select_related("user")
            )
            for registration in registrations:
                try:
                    with transaction.atomic():
                        ReminderSent.objects.create(registration=registration, session=session)
                        course = session.course
                        send_mail(
                            f"{getattr(settings, 'ACCOUNT_EMAIL_SUBJECT_PREFIX', '')}"
                            + _("Tomorrow: %(course)s") % {"course": course.title},
                            _("A reminder: tomorrow, %(session)s, %(course)s%(where)s.")
                            % {
                                "session": session,
                                "course": course.title,
                                "where": f" ({course.location})" if course.location else "",
                            },
                            None,
                            [registration.user.email],
                        )
                except IntegrityError:  # sent by a run at the same moment
                    continue
                sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
