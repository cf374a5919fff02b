"""Mail tomorrow's kennismakingsmomenten reminders (run once a day, e.g. from cron at 17:00).

Each registration is reminded once (``reminded_at``). When notifications exist, the same
``due_introduction_reminders(now)`` feeds ``notifications.services.notify`` instead (ADR 0017)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from childcare.profile_services import send_introduction_reminders


class Command(BaseCommand):
    help = "Mail the reminders for tomorrow's kennismakingsmomenten."

    def handle(self, *args, **options):
        sent = send_introduction_reminders(timezone.now())
        self.stdout.write(f"{sent} reminder(s) sent.")
