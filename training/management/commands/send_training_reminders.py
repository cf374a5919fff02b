"""Email a reminder to every participant with a place, the day before each session.

Run daily (cron: ``manage.py send_training_reminders``). Idempotent: each reminder sent is
recorded (``ReminderSent``), so running it twice sends nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from training import services


class Command(BaseCommand):
    help = "Send a reminder email the day before a training session (run once a day)."

    def handle(self, *args, **options):
        sent = services.send_session_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
