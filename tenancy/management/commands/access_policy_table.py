"""Write docs/access-policy-table.md from access/policy.py (after a reviewed change to a rule)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from access.policy import as_markdown

TABLE_FILE = Path(settings.BASE_DIR) / "docs" / "access-policy-table.md"


class Command(BaseCommand):
    help = "Regenerate docs/access-policy-table.md from the policy table in access/policy.py."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit 1 when the file is out of date; write nothing.")

    def handle(self, *args, check=False, **options):
        text = as_markdown()
        if check:
            if not TABLE_FILE.exists() or TABLE_FILE.read_text() != text:
                self.stderr.write(f"{TABLE_FILE} is out of date: run manage.py access_policy_table")
                raise SystemExit(1)
            return
        TABLE_FILE.write_text(text)
        self.stdout.write(f"Wrote {TABLE_FILE}")
