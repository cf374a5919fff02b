"""Remind every participant with a place, the day before each session (a notification, see
ADR 0015). Run daily (or let the notification scheduler call ``send_session_reminders``).
Idempotent: each reminder is a notification with a dedupe key naming the session, so running
it twice sends nothing twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from training import services


class Command(BaseCommand):
    help = "Remind participants the day before a training session (run once a day)."

    def handle(self, *args, **options):
        sent = services.send_session_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
