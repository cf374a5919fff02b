"""Run the retention job by hand (the scheduler runs it every day): what has expired is
removed, or with --dry-run only counted."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from retention.services import apply_retention


class Command(BaseCommand):
    help = "Remove (or blank) the records whose retention period has ended, except what a legal hold keeps (ADR 0023)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be removed; remove nothing.")
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date: give a day as YYYY-MM-DD") from error
        for run in apply_retention(day, dry_run=options["dry_run"]):
            counts = ", ".join(f"{k}={v}" for k, v in run.counts.items() if v) or "nothing"
            prefix = "would remove" if run.dry_run else "removed"
            self.stdout.write(f"{run.network.name} {run.day}: {prefix} {counts}; kept by a hold: {run.skipped_on_hold}")
