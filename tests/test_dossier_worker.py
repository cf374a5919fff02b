"""The dossier PDF off the request path (issue 21, ADR 0031): asking for it queues one job for the
worker and shows its progress; the finished file is downloaded (with its audit row) and reused
while nothing the dossier shows has changed, per person and language.

The renderer is faked (tests/test_exports.py's ``renderer``) except where the real PDF matters;
the worker runs in the test's process (``build_export``), as in tests/test_exports.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from exports import dossier_services as dossiers
from exports.models import ExportJob
from tests import test_exports
from tests.dossier_support import dossier_bytes, run_dossier_jobs

FAKE_PDF = test_exports.FAKE_PDF
media = test_exports.media  # fixtures: MEDIA_ROOT in a temporary folder (autouse), the fake renderer
renderer = test_exports.renderer

TEACHER = "teacher@uniform.demo"


def _ask(client, internship):
    """The internship page's button (a POST), then where it sends the browser (the GET)."""
    url = reverse("reports:dossier", args=[internship.pk])
    asked = client.post(url)
    assert asked.status_code == 302 and asked["Location"] == url, asked
    return client.get(url)


def _jobs(**filters):
    return ExportJob.objects.filter(kind=ExportJob.Kind.DOSSIER, **filters)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_asking_queues_one_job_whose_page_shows_progress_then_the_download(demo, renderer):
    from django_tasks_db.models import DBTaskResult

    emma = demo.emma_internship
    teacher = demo.client_for(TEACHER)
    before = AccessEvent.objects.count()
    # A GET writes nothing (a prefetch starts no render): it offers the button.
    offer = teacher.get(reverse("reports:dossier", args=[emma.pk]))
    assert offer.status_code == 200 and b'id="dossier-make"' in offer.content and not _jobs().exists()
    first, second = _ask(teacher, emma), _ask(teacher, emma)  # two clicks
    job = _jobs().get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("reports:dossier_job", args=[job.pk])
    assert renderer.dossier.call_count == 0  # nothing rendered in the request
    assert job.status == ExportJob.Status.QUEUED and DBTaskResult.objects.filter(id=job.task_result_id).exists()
    assert job.requested_by.email == TEACHER and job.internship_ids == [str(emma.pk)] and job.revision

    page = teacher.get(job.get_absolute_url())
    assert page.status_code == 200
    assert b'hx-trigger="every 1s"' in page.content and b'http-equiv="refresh"' in page.content
    assert teacher.get(reverse("reports:dossier_progress", args=[job.pk])).status_code == 302  # no htmx: the page
    assert AccessEvent.objects.count() == before  # asked, not opened

    run_dossier_jobs()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert renderer.dossier.call_count == 1
    assert renderer.dossier.call_args.kwargs["user"].email == TEACHER
    partial = teacher.get(reverse("reports:dossier_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    download_url = reverse("reports:dossier_download", args=[job.pk])
    assert b"every 1s" not in partial.content and download_url.encode() in partial.content

    download = teacher.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"] and ".pdf" in download["Content-Disposition"]
    assert _body(download) == FAKE_PDF
    row = AccessEvent.objects.latest("id")
    assert AccessEvent.objects.count() == before + 1
    assert (row.what, row.internship_id) == (AccessEvent.What.PDF, emma.pk)

    # Asked again, nothing changed: the same file at once, no new job, no new render.
    again = _ask(teacher, emma)
    assert again.status_code == 200 and _body(again) == FAKE_PDF
    assert _jobs().get().pk == job.pk and renderer.dossier.call_count == 1
    assert AccessEvent.objects.count() == before + 2


def test_a_changed_sheet_makes_a_new_job_and_an_unchanged_dossier_is_the_same_file(demo, renderer):
    emma = demo.emma_internship
    teacher = demo.client_for(TEACHER)
    _ask(teacher, emma)
    run_dossier_jobs()
    job = _jobs().get()
    name = job.file.name

    assert _ask(teacher, emma).status_code == 200  # unchanged: the same job, the same file
    assert list(_jobs().values_list("pk", "file")) == [(job.pk, name)]

    sheet = emma.feedback_sheets.filter(status="draft").first() or emma.feedback_sheets.first()
    sheet.agreements = (sheet.agreements or "") + " Nog een afspraak."
    sheet.save()
    response = _ask(teacher, emma)
    new = _jobs().exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.revision != job.revision and new.status == ExportJob.Status.QUEUED
    run_dossier_jobs()
    assert renderer.dossier.call_count == 2
    # The older revision is gone, with its file.
    assert list(_jobs().values_list("pk", flat=True)) == [new.pk]
    assert not job.file.storage.exists(name)


def test_the_cache_is_per_person_and_language(demo, renderer):
    emma = demo.emma_internship
    teacher, admin = demo.client_for(TEACHER), demo.client_for("schooladmin@uniform.demo")
    _ask(teacher, emma)
    run_dossier_jobs()
    assert _ask(admin, emma).status_code == 302  # the school admin sees other things: their own job
    teacher.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    assert _ask(teacher, emma).status_code == 302 and _jobs(language="en").count() == 1  # another language: another job
    del teacher.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert _jobs().count() == 3
    mine = _jobs(requested_by__email=TEACHER, language="nl").get()
    # Another person's dossier job is not theirs: 404 on its every page.
    for name in ("reports:dossier_job", "reports:dossier_download"):
        assert admin.get(reverse(name, args=[mine.pk])).status_code == 404
    assert admin.post(reverse("reports:dossier_retry", args=[mine.pk])).status_code == 404
    # Nor is it an export job on the exports pages.
    assert admin.get(reverse("exports:job", args=[mine.pk])).status_code == 404


@pytest.mark.parametrize("change", ["visit", "hour_entry", "internship", "addendum", "delete_sheet"])
def test_the_revision_is_one_query_and_moves_with_what_the_dossier_shows(demo, change):
    from evaluations.models import FeedbackAddendum

    emma = demo.emma_internship
    with CaptureQueriesContext(connection) as queries:
        before = dossiers.revision_of(emma)
    assert len(queries) == 1
    assert dossiers.revision_of(emma) == before  # nothing changed
    if change == "visit":
        visit = emma.visits.first()
        visit.notes = (visit.notes or "") + " bijgewerkt"
        visit.save()
    elif change == "hour_entry":
        entry = emma.hour_entries.first()
        entry.note = "bijgewerkt"
        entry.save()
    elif change == "internship":
        emma.end_date += timedelta(days=1)
        emma.save()
    elif change == "addendum":  # to a shared sheet, whose row does not change
        sheet = emma.feedback_sheets.filter(status="shared").first()
        FeedbackAddendum.objects.create(sheet=sheet, author=sheet.author, text="Aanvulling")
    else:
        emma.feedback_sheets.filter(status="draft").first().delete()
    assert dossiers.revision_of(emma) != before, change


def test_a_failed_dossier_says_why_and_try_again_makes_it(demo, renderer):
    emma = demo.emma_internship
    teacher = demo.client_for(TEACHER)
    renderer.dossier.side_effect = RuntimeError("boom")
    _ask(teacher, emma)
    run_dossier_jobs()
    failed = _jobs().get()
    assert failed.status == ExportJob.Status.FAILED and failed.error
    page = teacher.get(failed.get_absolute_url())
    assert b'id="dossier-error"' in page.content and b"every 1s" not in page.content
    renderer.dossier.side_effect = None
    response = teacher.post(reverse("reports:dossier_retry", args=[failed.pk]))
    new = _jobs(status=ExportJob.Status.QUEUED).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert not _jobs(pk=failed.pk).exists()
    run_dossier_jobs()
    assert _body(_ask(teacher, emma)) == FAKE_PDF


def test_lost_access_and_expiry(demo, renderer):
    from exports import services

    emma = demo.emma_internship
    teacher = demo.client_for(TEACHER)
    _ask(teacher, emma)
    run_dossier_jobs()
    job = _jobs().get()
    # Expired: not offered; the clean-up deletes file and job (the retention of exports).
    _jobs().update(expires_at=timezone.now() - timedelta(minutes=1))
    assert teacher.get(reverse("reports:dossier_download", args=[job.pk])).status_code == 404
    assert services.cleanup_expired() == 1
    assert not job.file.storage.exists(job.file.name) and not _jobs().exists()
    # The privacy erasure finds the dossier jobs of an internship like any export naming it.
    _ask(teacher, emma)
    from privacy.services import _export_jobs_naming

    assert [j.pk for j in _export_jobs_naming(emma.school_id, {str(emma.pk)})] == [_jobs().get().pk]


def test_the_real_dossier_is_made_by_the_worker(demo):
    """The real renderer through the real flow (the other tests fake it)."""
    body = dossier_bytes(demo.client_for("schooladmin@uniform.demo"), demo.emma_internship.pk)
    assert body.startswith(b"%PDF") and len(body) > 10_000


def test_the_group_zip_reuses_a_finished_dossier(demo, renderer):
    from exports.services import build_export, request_export
    from schools.models import Group

    emma = demo.emma_internship
    teacher = demo.client_for(TEACHER)
    _ask(teacher, emma)
    run_dossier_jobs()
    assert renderer.dossier.call_count == 1
    export = request_export(user=demo.user(TEACHER), group=Group.objects.get(name="7BKO-A"), kind=ExportJob.Kind.DOSSIERS)
    build_export(str(export.pk))
    export.refresh_from_db()
    assert export.status == ExportJob.Status.DONE, export.error
    # Emma's came from the finished file; the others were rendered.
    assert renderer.dossier.call_count == 1 + export.progress_total - 1
    assert emma.pk not in {c.kwargs["internship"].pk for c in renderer.dossier.call_args_list[1:]}
