"""Batch exports (issue 7): a group's dossiers or final evaluations as one ZIP, built by the
django-tasks database worker, with progress, download, retry and clean-up.

The PDF renderer (``reports.documents``) is faked here; one test at the end builds a real ZIP
when the renderer is importable."""

from __future__ import annotations

import contextlib
import io
import sys
import types
import uuid
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

if not apps.is_installed("exports"):  # until the app is wired into settings
    pytest.skip("the exports app is not in INSTALLED_APPS yet", allow_module_level=True)

import access  # noqa: E402
from exports.models import ExportJob  # noqa: E402
from internships.models import Internship  # noqa: E402
from schools.models import Group  # noqa: E402
from tests.factories import InternshipFactory, StudentFactory  # noqa: E402

FAKE_PDF = b"%PDF-1.4 fake"
ADMIN = "schooladmin@uniform.demo"
TEACHER = "teacher@uniform.demo"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def renderer(monkeypatch):
    """Fake ``reports.documents.dossier_pdf`` / ``evaluation_pdf`` (a stub module when the
    real renderer cannot be imported yet)."""
    reverse("exports:index")  # load the URLconf (and the views importing the renderer) unpatched
    try:
        import reports.documents  # noqa: F401
    except Exception:
        stub = types.ModuleType("reports.documents")
        monkeypatch.setitem(sys.modules, "reports.documents", stub)
        package = sys.modules.get("reports") or types.ModuleType("reports")
        monkeypatch.setitem(sys.modules, "reports", package)
        monkeypatch.setattr(package, "documents", stub, raising=False)
    dossier = mock.Mock(return_value=FAKE_PDF)
    evaluation = mock.Mock(return_value=FAKE_PDF)
    dossier.__name__, evaluation.__name__ = "dossier_pdf", "evaluation_pdf"
    with (
        mock.patch("reports.documents.dossier_pdf", dossier, create=True),
        mock.patch("reports.documents.evaluation_pdf", evaluation, create=True),
    ):
        yield types.SimpleNamespace(dossier=dossier, evaluation=evaluation)


def run_worker():
    """What the db_worker does for each queued export (the worker command itself closes database
    connections between tasks, which on PostgreSQL ends the test's transaction)."""
    from exports import services
    from exports.models import ExportJob

    for job_id in ExportJob.objects.filter(status=ExportJob.Status.QUEUED).order_by("created_at").values_list("pk", flat=True):
        with contextlib.suppress(Exception):  # the worker records a failed task and goes on
            services.build_export(str(job_id))


def group(name: str) -> Group:
    return Group.objects.get(name=name)


def start(client, grp: Group, kind: str = "dossiers", **extra):
    return client.post(reverse("exports:index"), {"group": grp.pk, "kind": kind, **extra})


def zip_names(response) -> list[str]:
    body = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(body)).namelist(), body


# --------------------------------------------------------------------------- the main path


def test_school_admin_exports_a_group_in_the_background(demo, renderer):
    from django_tasks_db.models import DBTaskResult

    admin = demo.client_for(ADMIN)
    assert admin.get(reverse("exports:index")).status_code == 200
    g = group("7BKO-A")
    response = start(admin, g)
    job = ExportJob.objects.get(requested_by__email=ADMIN)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    # The request only queued the work: no PDF was made during it.
    assert renderer.dossier.call_count == 0
    assert job.status == ExportJob.Status.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_result_id).exists()
    expected = set(
        access.internships_visible_to(demo.user(ADMIN)).filter(student__group=g).values_list("pk", flat=True)
    )
    assert len(expected) == 8 and {uuid.UUID(i) for i in job.internship_ids} == expected
    page = admin.get(job.get_absolute_url())
    assert b'hx-trigger="every 2s"' in page.content and b'http-equiv="refresh"' in page.content

    run_worker()

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.progress_done == job.progress_total == 8
    assert renderer.dossier.call_count == 8
    assert {c.kwargs["internship"].pk for c in renderer.dossier.call_args_list} == expected
    assert all(c.kwargs["user"].email == ADMIN for c in renderer.dossier.call_args_list)
    assert job.finished_at and job.expires_at > timezone.now() + timedelta(days=6)

    download = admin.get(reverse("exports:download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    names, body = zip_names(download)
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 8 and "index.txt" in names
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert all(archive.read(n) == FAKE_PDF for n in pdfs)
    assert any(n.startswith("Aerts, Emma") for n in pdfs)

    # Finished: the partial stops polling and offers the download.
    partial = admin.get(reverse("exports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert b"every 2s" not in partial.content and reverse("exports:download", args=[job.pk]).encode() in partial.content
    assert b'http-equiv="refresh"' not in admin.get(job.get_absolute_url()).content
    # The jobs list words an export's state as an export's ("klaar"), not as a visit's ("gebeurd").
    listing = admin.get(reverse("exports:index")).content.decode()
    assert ">klaar</span>" in listing and "gebeurd" not in listing

    for email in ("teacher2@uniform.demo", TEACHER, "mentor@uniform.demo", "coordinator@uniform.demo",
                  "teacher@other.demo", "coordinator@other.demo", "student@other.demo"):
        client = demo.client_for(email)
        for name in ("exports:download", "exports:job", "exports:progress"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (email, name)
        assert client.post(reverse("exports:retry", args=[job.pk])).status_code == 404
    assert demo.client_for(None).get(reverse("exports:download", args=[job.pk])).status_code == 302


def test_thirty_dossiers_with_visible_progress(demo, renderer):
    g = group("7BKO-A")
    for _ in range(22):
        InternshipFactory(student=StudentFactory(school=g.school, group=g))
    admin = demo.client_for(ADMIN)
    start(admin, g)
    job = ExportJob.objects.get()
    assert job.progress_total == 30 and renderer.dossier.call_count == 0
    seen = []

    def render(internship, user):
        current = ExportJob.objects.get(pk=job.pk)
        seen.append((current.status, current.progress_done))
        if len(seen) == 15:  # a web request halfway: the page shows where the worker is
            partial = admin.get(reverse("exports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
            assert b"14 van 30" in partial.content or b"14 of 30" in partial.content
            assert b'aria-valuenow="46"' in partial.content and b"every 2s" in partial.content
        return FAKE_PDF

    renderer.dossier.side_effect = render
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert seen == [(ExportJob.Status.RUNNING, i) for i in range(30)]
    names, _ = zip_names(admin.get(reverse("exports:download", args=[job.pk])))
    assert len([n for n in names if n.endswith(".pdf")]) == 30


def test_final_evaluations_export(demo, renderer):
    admin = demo.client_for(ADMIN)
    g = group("7BKO-A")
    response = start(admin, g, kind="final_evaluations")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert renderer.dossier.call_count == 0 and renderer.evaluation.call_count == len(job.internship_ids) >= 1
    assert all(c.kwargs["evaluation"].kind == "final" for c in renderer.evaluation.call_args_list)


def test_a_group_with_nothing_to_export_is_a_form_error(demo, renderer):
    response = start(demo.client_for("teacher@other.demo"), group("7KO"), kind="final_evaluations")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not ExportJob.objects.exists()


# --------------------------------------------------------------------------- failure and retry


def test_a_failing_render_fails_the_job_clearly_and_retry_succeeds(demo, renderer):
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    job = ExportJob.objects.get()
    calls = []

    def broken(internship, user):
        calls.append(internship)
        if len(calls) == 3:
            raise RuntimeError("WeasyPrint exploded: secret internals")
        return FAKE_PDF

    renderer.dossier.side_effect = broken
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    student = calls[2].student
    assert f"{student.last_name}, {student.first_name}" in job.error
    assert "secret internals" not in job.error
    assert not job.file
    assert admin.get(reverse("exports:download", args=[job.pk])).status_code == 404
    page = admin.get(job.get_absolute_url()).content.decode()
    assert student.last_name in page and reverse("exports:retry", args=[job.pk]) in page
    assert "every 2s" not in page

    renderer.dossier.side_effect = None
    response = admin.post(reverse("exports:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED and job.error == "" and job.attempts == 2
    # A second click does not queue it twice; retrying a queued job is refused politely.
    assert admin.post(reverse("exports:retry", args=[job.pk]), follow=True).status_code == 200
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress_done == 8
    assert admin.get(reverse("exports:download", args=[job.pk])).status_code == 200


def test_missing_renderer_module_fails_with_a_message(demo, monkeypatch):
    package = sys.modules.get("reports")
    if package is not None:
        monkeypatch.delattr(package, "documents", raising=False)
    monkeypatch.setitem(sys.modules, "reports.documents", None)  # the import raises ImportError
    start(demo.client_for(ADMIN), group("7BKO-A"))
    run_worker()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and job.error


def test_the_job_never_grows_beyond_what_was_captured(demo, renderer):
    g = group("7BKO-A")
    admin = demo.client_for(ADMIN)
    start(admin, g)
    InternshipFactory(student=StudentFactory(school=g.school, group=g))  # added after the request
    run_worker()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and renderer.dossier.call_count == 8


def test_lost_access_before_the_build_fails_the_job(demo, renderer):
    from tenancy.models import Membership

    start(demo.client_for(ADMIN), group("7BKO-A"))
    Membership.objects.filter(user__email=ADMIN).update(is_active=False)
    run_worker()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and job.error and renderer.dossier.call_count == 0


def test_a_stuck_job_can_be_retried(demo, renderer):
    start(demo.client_for(ADMIN), group("7BKO-A"))
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    job.refresh_from_db()
    assert job.can_retry
    assert demo.client_for(ADMIN).post(reverse("exports:retry", args=[job.pk])).status_code == 302
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


# --------------------------------------------------------------------------- clean-up


def test_cleanup_deletes_expired_files_and_jobs(demo, renderer, settings, media):
    settings.EXPORT_RETENTION_DAYS = 2
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    start(admin, group("7BKO-B"))
    run_worker()
    old, fresh = ExportJob.objects.order_by("created_at")
    assert fresh.expires_at < timezone.now() + timedelta(days=2, minutes=1)
    path = old.file.path
    assert old.file.storage.exists(old.file.name)
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("cleanup_exports", verbosity=0)
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)
    import os

    assert not os.path.exists(os.path.dirname(path))
    fresh.refresh_from_db()
    assert fresh.file.storage.exists(fresh.file.name)


def test_the_worker_sweeps_expired_exports_without_a_cron_job(demo, renderer, media):
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    run_worker()
    old = ExportJob.objects.get()
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    start(admin, group("7BKO-B"))
    run_worker()  # finishing the next export deletes the expired one and its file
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)
    assert ExportJob.objects.get().status == ExportJob.Status.DONE


def test_an_expired_file_is_no_longer_offered(demo, renderer):
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    run_worker()
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert admin.get(reverse("exports:download", args=[job.pk])).status_code == 404


# --------------------------------------------------------------------------- who may export what


def test_teacher_exports_only_their_own_groups(demo, renderer):
    teacher = demo.client_for(TEACHER)
    page = teacher.get(reverse("exports:index"))
    choices = {g.name for g in page.context["form"].fields["group"].queryset}
    assert choices == {"7BKO-A", "7BKO-B"}
    for foreign in (group("7 Kinderzorg"), group("7KO"), group("BKO avond 2026")):
        response = start(teacher, foreign)
        assert response.status_code == 200 and "group" in response.context["form"].errors
    assert not ExportJob.objects.exists()
    # In a group they teach, only the internships they supervise.
    g = group("7BKO-B")
    assert start(teacher, g).status_code == 302
    job = ExportJob.objects.get()
    own = set(Internship.objects.filter(student__group=g, teacher=demo.user(TEACHER)).values_list("pk", flat=True))
    assert {uuid.UUID(i) for i in job.internship_ids} == own and len(own) < Internship.objects.filter(student__group=g).count()
    # The school admin of that school follows and downloads it too; teacher2 does not.
    run_worker()
    assert demo.client_for(ADMIN).get(reverse("exports:download", args=[job.pk])).status_code == 200
    assert teacher.get(reverse("exports:download", args=[job.pk])).status_code == 200
    assert demo.client_for("teacher2@uniform.demo").get(reverse("exports:job", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("email", ["coordinator@uniform.demo", "mentor@uniform.demo", "childcare@uniform.demo",
                                   "coach@uniform.demo", "student@uniform.demo", "mentor@other.demo"])
def test_nobody_else_may_export(demo, email, renderer):
    client = demo.client_for(email)
    assert client.get(reverse("exports:index")).status_code == 403
    assert start(client, group("7BKO-A")).status_code == 403
    assert not ExportJob.objects.exists()


def test_access_rules(demo):
    assert set(access.export_groups(demo.user(ADMIN)).values_list("name", flat=True)) == {"7BKO-A", "7BKO-B"}
    assert set(access.export_groups(demo.user("teacher2@uniform.demo")).values_list("name", flat=True)) == {"7 Kinderzorg"}
    assert not access.export_groups(demo.user("coordinator@uniform.demo")).exists()
    assert not access.can_export(demo.user("mentor@uniform.demo"))


@pytest.mark.parametrize("data", [
    {}, {"group": "abc"}, {"group": "-1"}, {"group": "99999999999999999999999"}, {"group": "1", "kind": "everything"},
    {"group": "\x00"}, {"kind": "dossiers", "status": "bogus"},
])
def test_garbage_posts_are_form_errors(demo, renderer, data):
    response = demo.client_for(ADMIN).post(reverse("exports:index"), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not ExportJob.objects.exists()


def test_garbage_urls_never_500(demo, renderer):
    admin = demo.client_for(ADMIN)
    missing = uuid.uuid4()
    for name in ("exports:job", "exports:progress", "exports:download"):
        assert admin.get(reverse(name, args=[missing])).status_code == 404
    assert admin.post(reverse("exports:retry", args=[missing])).status_code == 404
    assert admin.get("/exports/not-a-uuid/").status_code == 404
    assert admin.get(reverse("exports:retry", args=[missing])).status_code == 405
    assert admin.put(reverse("exports:index")).status_code == 405
    start(admin, group("7BKO-A"))
    job = ExportJob.objects.get()
    assert admin.get(reverse("exports:download", args=[job.pk])).status_code == 404  # not built yet
    assert admin.get(reverse("exports:progress", args=[job.pk])).status_code == 302  # no htmx: the page
    run_worker()
    response = admin.post(reverse("exports:retry", args=[job.pk]), follow=True)  # done: nothing to retry
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    job.file.storage.delete(job.file.name)  # file gone from disk: 404, not 500
    assert admin.get(reverse("exports:download", args=[job.pk])).status_code == 404


# --------------------------------------------------------------------------- performance


def test_jobs_page_query_count_stays_flat(demo):
    user = demo.user(ADMIN)
    client = demo.client_for(ADMIN)
    g = group("7BKO-A")

    def make(n):
        now = timezone.now()
        ExportJob.objects.bulk_create([
            ExportJob(requested_by=user, school_id=g.school_id, group=g, kind="dossiers", filter_description=g.name,
                      status="done", file=ContentFile(b"x", name="x.zip").name, progress_done=1, progress_total=1,
                      expires_at=now + timedelta(days=1))
            for _ in range(n)
        ])

    make(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("exports:index")).status_code == 200
    make(30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("exports:index"))
    assert len(response.context["jobs"]) == 32
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


# --------------------------------------------------------------------------- the real renderer


def test_real_zip_with_the_pdf_renderer(demo):
    pytest.importorskip("reports.documents")
    from reports import documents

    if not (hasattr(documents, "dossier_pdf") and hasattr(documents, "evaluation_pdf")):
        pytest.skip("reports.documents has no dossier_pdf/evaluation_pdf yet")
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    run_worker()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE, job.error
    names, body = zip_names(admin.get(reverse("exports:download", args=[job.pk])))
    archive = zipfile.ZipFile(io.BytesIO(body))
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 8
    assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)
