"""PDF reports in a real browser (acceptance 1 and 2 of the PDF reports issue): the school
admin asks for an internship's dossier on the internship page, the worker makes it and the page
offers it by itself (ADR 0031); a teacher exports a group's
dossiers as a ZIP, watches the page pick up the worker's progress by itself, and downloads it."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser import axe
from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def _passes_axe(page, where: str) -> None:
    """No WCAG A/AA violation at a desktop size and at a phone size (the pages the crawl cannot
    reach: they open from a POST button)."""
    failures = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        failures += axe.describe(axe.violations(page), f"{where} {width}×{height}")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not failures, "\n".join(failures)


def test_school_admin_downloads_a_dossier_from_the_internship_page(page, live_server):
    """The dossier is made by the worker (ADR 0031): the button opens the job's page, which
    picks up the worker's result by itself and offers the file; asked again, the file at once."""
    from exports.models import ExportJob
    from exports.services import _delete_file, build_export
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    from django.urls import reverse

    log_in(page, live_server.url, "schooladmin@uniform.demo")
    # The dossier's own address, with nothing asked yet: a page with the button (a GET writes nothing).
    page.goto(live_server.url + reverse("reports:dossier", args=[emma.pk]))
    expect(page.locator("#dossier-make")).to_be_visible()
    _passes_axe(page, "reports:dossier (nothing asked yet)")
    page.goto(f"{live_server.url}/internships/{emma.pk}/")
    page.get_by_role("button", name="Dossier (PDF)").click()
    expect(page.locator("#dossier-progress [role=status]")).to_contain_text("Wachten tot de verwerking start")
    _passes_axe(page, "reports:dossier_job (waiting)")
    job = ExportJob.objects.get(kind=ExportJob.Kind.DOSSIER, requested_by__email="schooladmin@uniform.demo")

    build_export(str(job.pk))  # what `manage.py db_worker` does, here in the test's thread

    download_link = page.locator("#dossier-download")
    expect(download_link).to_be_visible(timeout=15_000)  # htmx polls every second
    _passes_axe(page, "reports:dossier_job (done)")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf") and "aerts" in download.suggested_filename
    reader = PdfReader(download.path())
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Stagedossier" in text and "Emma Aerts" in text and "Inhoud" in text
    assert text.count("Reflectie van de stagiair") == emma.feedback_sheets.filter(status="shared").count() >= 1
    assert reader.metadata.title and "Emma Aerts" in reader.metadata.title

    # Nothing changed: the internship page's button now gives the same file straight away.
    page.goto(f"{live_server.url}/internships/{emma.pk}/")
    with page.expect_download() as again:
        page.get_by_role("button", name="Dossier (PDF)").click()
    assert open(again.value.path(), "rb").read() == open(download.path(), "rb").read()
    assert ExportJob.objects.filter(kind=ExportJob.Kind.DOSSIER).count() == 1
    job.refresh_from_db()
    _delete_file(job)


def test_teacher_exports_a_group_watches_it_finish_and_downloads_the_zip(page, live_server):
    from exports.models import ExportJob
    from exports.services import build_export
    from schools.models import Group

    group = Group.objects.get(name="7BKO-A")
    log_in(page, live_server.url, "teacher@uniform.demo")
    page.goto(live_server.url + "/exports/")
    page.select_option("select[name=group]", str(group.pk))
    page.get_by_role("button", name="Export starten").click()
    status = page.locator("#export-progress [role=status]")
    expect(status).to_contain_text("Wachten tot de verwerking start")
    job = ExportJob.objects.get(requested_by__email="teacher@uniform.demo")
    assert job.status == ExportJob.Status.QUEUED and job.progress_total >= 1

    build_export(str(job.pk))  # what `manage.py db_worker` does, here in the test's thread

    # The page polls (htmx, every 2 s) and shows the download without a reload.
    download_link = page.locator("#export-download")
    expect(download_link).to_be_visible(timeout=15_000)
    expect(page.locator("#export-progress [role=progressbar]")).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as download_info:
        download_link.click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == job.progress_total
    assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)
    page.goto(live_server.url + "/exports/")
    expect(page.locator("#export-jobs")).to_contain_text("klaar")
