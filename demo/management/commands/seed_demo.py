from django.core.management.base import BaseCommand

from demo.region import DEMO_LOGINS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create (idempotently) the demo region: two networks, every role, a catalogue, internships."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo region ready."))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for email, (name, what) in DEMO_LOGINS.items():
                self.stdout.write(f"  {email:<28} {name} — {what}")
