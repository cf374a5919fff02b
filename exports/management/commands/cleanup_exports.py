from django.core.management.base import BaseCommand

from exports import services


class Command(BaseCommand):
    help = "Delete batch exports (files and jobs) past their retention period (EXPORT_RETENTION_DAYS, default 7)."

    def handle(self, *args, **options):
        count = services.cleanup_expired()
        if options["verbosity"]:
            self.stdout.write(f"Deleted {count} expired export(s).")
