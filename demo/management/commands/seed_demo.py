from django.core.management.base import BaseCommand

from demo.region import DEMO_LOGINS, DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create (idempotently) the demo region: two networks, every role, a catalogue, internships."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")
        parser.add_argument("--without-dossier", action="store_true",
                            help="Do not make the school admin's finished dossier of Emma's internship (a PDF, seconds).")

    def handle(self, *args, **options):
        seed_demo()
        if not options["without_dossier"]:
            from demo.dossier import seed_cached_dossier

            job = seed_cached_dossier()
            self.stdout.write(f"Dossier of Emma Aerts for the school admin: {job.get_status_display()}.")
        self.stdout.write(self.style.SUCCESS("Demo region ready."))
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for email, (name, what) in DEMO_LOGINS.items():
                self.stdout.write(f"  {email:<28} {name} — {what}")
