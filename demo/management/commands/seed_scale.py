import time

from django.core.management.base import BaseCommand, CommandError

from demo.scale import seed_scale


class Command(BaseCommand):
    help = ("Add a whole region (60 schools, 12,000 internships, 150,000 feedback sheets at --scale 1) to the demo "
            "region's Limburg network, for make bench-region. Run seed_demo first. Deterministic; runs once.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = a whole region; 0.1 for a quick run.")

    def handle(self, *args, scale, **options):
        if not 0 < scale <= 5:
            raise CommandError("--scale must be above 0 and at most 5.")
        start = time.perf_counter()
        counts = seed_scale(scale=scale, stdout=self.stdout)
        for key, n in counts.items():
            self.stdout.write(f"  {key:<20} {n:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Region seeded at scale {scale} in {time.perf_counter() - start:.0f} s."))
