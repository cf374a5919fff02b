"""Render the first page(s) of every PDF document type to PNG, for README and docs/pdf/.

Uses the database the settings point at, seeded with the demo region (``make seed`` or
``make run``), and Poppler's ``pdftoppm`` (Debian package poppler-utils).
Usage: DEBUG=1 .venv/bin/python scripts/pdf_pages.py [outdir]
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from catalogue.models import CatalogueVersion  # noqa: E402
from evaluations.models import Evaluation, FeedbackSheet  # noqa: E402
from internships.models import Internship  # noqa: E402
from reports import documents  # noqa: E402
from tenancy.models import User  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/pdf")
DPI = "60"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def png(name: str, body: bytes, pages: int = 1) -> None:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(body)
        pdf.flush()
        for page in range(1, pages + 1):
            target = OUT / (name if pages == 1 else f"{name}-{page}")
            command = [PDFTOPPM, "-png", "-r", DPI, "-f", str(page), "-l", str(page), "-singlefile", pdf.name, str(target)]
            subprocess.run(command, check=True)  # noqa: S603 -- our own arguments
            print(f"{target}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    admin = User.objects.get(email="schooladmin@uniform.demo")
    emma = Internship.objects.select_related(*documents.INTERNSHIP_RELATED).get(student__user__email="student@uniform.demo")
    sheet = FeedbackSheet.objects.filter(internship=emma, status="shared").order_by("date").first()
    evaluation = (
        Evaluation.objects.filter(internship__school__network__slug="limburg", locked_at__isnull=False, kind="final")
        .select_related("internship").first()
    )
    version = CatalogueVersion.objects.filter(programme__network__slug="limburg", status="published").first()
    with translation.override("nl"):
        png("dossier", documents.dossier_pdf(admin, emma), pages=2)
        png("feedback-sheet", documents.sheet_pdf(admin, sheet))
        png("evaluation", documents.evaluation_pdf(admin, evaluation), pages=2)
        png("activities", documents.activities_pdf(admin, emma))
        png("intake", documents.intake_pdf(admin, emma))
        png("visits", documents.visits_pdf(admin, emma))
        png("hours", documents.hours_pdf(admin, emma))
        for kind in documents.BLANK_KINDS:
            png(f"blank-{kind}", documents.blank_pdf(admin, version, kind))
        png("catalogue", documents.catalogue_pdf(admin, version))


if __name__ == "__main__":
    main()
