"""Issue 13: an export survives a killed worker. The running job writes a heartbeat per step; a
job whose heartbeat is older than about two minutes shows as interrupted with "Opnieuw
proberen", and the retried job is queued again and finishes.

The first test kills a real ``manage.py db_worker`` with SIGKILL in the middle of a job (the
demo region, migrated and seeded once per run, copied to an SQLite file that the worker and web processes share); the others go
through the real task (django-tasks database backend, the worker's own ``run_task``) in-process.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from exports.models import ExportJob
from tests import test_exports as base
from tests.conftest import copy_demo_sqlite
from tests.test_exports import ADMIN, TEACHER, group, start

media = base.media  # the fixtures of the export tests: MEDIA_ROOT in tmp, a fake PDF renderer
renderer = base.renderer

CHILD = Path(__file__).with_name("export_worker_child.py")
ROOT = Path(__file__).resolve().parent.parent


def run_real_tasks() -> int:
    """What ``manage.py db_worker`` does with each ready task, in this process (the worker's
    loop itself closes connections, which would end the test's transaction)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim("test-worker")
        worker.run_task(result)
        ran += 1
    return ran


def died(job, *, seconds_ago: float, done: int) -> None:
    """The worker died after ``done`` PDFs, ``seconds_ago``: running, every sign of life that long
    ago (written so on the model of before the heartbeat too, to see these tests fail there)."""
    stamp = timezone.now() - timedelta(seconds=seconds_ago)
    fields = {f.name for f in ExportJob._meta.fields}
    stamps = {name: stamp for name in ("updated_at", "heartbeat_at") if name in fields}
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress_done=done, **stamps)


# --------------------------------------------------------------------------- in-process


def test_a_job_without_heartbeat_for_two_minutes_is_interrupted_and_retried(demo, renderer):
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    job = ExportJob.objects.get()
    died(job, seconds_ago=150, done=1)  # running 1/8, the last heartbeat 2½ minutes ago
    page = admin.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert 'id="export-interrupted"' in page and "Opnieuw proberen" in page
    partial = admin.get(reverse("exports:progress", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Onderbroken na pdf 1 van 8" in partial and 'id="export-retry"' in partial
    assert "onderbroken" in admin.get(reverse("exports:index")).content.decode()

    assert admin.post(reverse("exports:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED and job.attempts == 2
    assert run_real_tasks() == 2  # the first task (its attempt is gone) is skipped, the new one runs
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress_done == 8 and job.file
    assert renderer.dossier.call_count == 8


def test_a_fresh_heartbeat_is_not_interrupted(demo, renderer):
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    job = ExportJob.objects.get()
    died(job, seconds_ago=60, done=3)
    job.refresh_from_db()
    assert not job.is_interrupted and not job.can_retry
    page = admin.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert 'id="export-retry"' not in page and "3 van 8" in page
    assert admin.post(reverse("exports:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.attempts == 1 and job.status == ExportJob.Status.RUNNING


def test_the_run_writes_a_heartbeat_per_pdf(demo, renderer):
    seen = []

    def pdf(**kwargs):
        seen.append(ExportJob.objects.values_list("heartbeat_at", "progress_done").get())
        return b"%PDF-1.4 fake"

    renderer.dossier.side_effect = pdf
    start(demo.client_for(ADMIN), group("7BKO-A"))
    run_real_tasks()
    assert [done for _beat, done in seen] == list(range(8))
    beats = [beat for beat, _done in seen]
    assert all(beats) and beats == sorted(beats)


def test_a_run_given_up_on_stops_and_writes_nothing(demo, renderer):
    """A worker that was only slow (not dead) comes back after the job was retried: it finds a
    newer attempt at its next heartbeat and stops; the retried run makes the ZIP."""
    admin = demo.client_for(ADMIN)
    start(admin, group("7BKO-A"))
    job = ExportJob.objects.get()
    calls = []

    def pdf(**kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first run hangs here for three minutes; meanwhile "try again"
            died(job, seconds_ago=180, done=1)
            assert admin.post(reverse("exports:retry", args=[job.pk])).status_code == 302
        return b"%PDF-1.4 fake"

    renderer.dossier.side_effect = pdf
    run_real_tasks()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.attempts == 2 and job.progress_done == 8
    assert len(calls) == 2 + 8  # the old run stopped after its second PDF
    names = zipfile.ZipFile(io.BytesIO(b"".join(admin.get(reverse("exports:download", args=[job.pk])).streaming_content))).namelist()
    assert len([n for n in names if n.endswith(".pdf")]) == 8


def test_the_teacher_may_not_retry_the_admins_interrupted_job(demo, renderer):
    start(demo.client_for(ADMIN), group("7BKO-A"))
    job = ExportJob.objects.get()
    died(job, seconds_ago=300, done=1)
    assert demo.client_for(TEACHER).post(reverse("exports:retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.attempts == 1


# --------------------------------------------------------------------------- a real SIGKILL


def _child(env, *args, timeout=120):
    done = subprocess.run(  # noqa: S603  (this interpreter, our script)
        [sys.executable, str(CHILD), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _row(path, job_id):
    with sqlite3.connect(path, timeout=20) as db:
        return db.execute(
            "SELECT status, progress_done, progress_total, attempts FROM exports_exportjob WHERE id = ?",
            (job_id.replace("-", ""),),
        ).fetchone()


def _wait(path, job_id, ok, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = _row(path, job_id)
        if ok(row):
            return row
        time.sleep(0.2)
    raise AssertionError(f"timed out; job is {_row(path, job_id)}")


def test_kill_9_of_the_worker_mid_job_then_retry_finishes(demo, tmp_path, demo_sqlite_template):
    # The worker and the pages run in child processes on an SQLite file of their own, whatever
    # database the suite runs on (CI: PostgreSQL).
    path = tmp_path / "worker.sqlite3"
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{path}", "UNIFORM_TESTING": "1", "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    # A file database of its own: a copy of the demo region that the app's commands migrated and
    # seeded once for the run (tests/conftest.py; a backup of the test's in-memory database would
    # wait for ever on the test's own IMMEDIATE transaction).
    copy_demo_sqlite(demo_sqlite_template, path, media=tmp_path / "media")
    job_id = _child(env, "request", ADMIN, "7BKO-A")

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(CHILD), "worker", "1.0"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        _wait(path, job_id, lambda r: r[0] == "running" and r[1] >= 1)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
    status, done, total, attempts = _row(path, job_id)
    assert status == "running" and 1 <= done < total == 8 and attempts == 1

    # Right after the kill the heartbeat is fresh: still "bezig", no button yet.
    seen = json.loads(_child(env, "page", ADMIN, job_id))
    assert seen["job"]["interrupted"] is False and 'id="export-retry"' not in seen["html"]
    # Two minutes without a heartbeat (moved back rather than waited for): interrupted.
    _child(env, "age", job_id, "121")
    seen = json.loads(_child(env, "page", ADMIN, job_id))
    assert seen["job"]["interrupted"] is True
    assert 'id="export-interrupted"' in seen["html"] and "Opnieuw proberen" in seen["html"]
    assert f"Onderbroken na pdf {done} van 8" in seen["partial"] and 'id="export-retry"' in seen["partial"]

    assert _child(env, "retry", ADMIN, job_id) == "302"
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(CHILD), "worker", "0.05"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        status, done, total, attempts = _wait(path, job_id, lambda r: r[0] in ("done", "failed"))
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
    assert (status, done, total, attempts) == ("done", 8, 8, 2)
    seen = json.loads(_child(env, "page", ADMIN, job_id))
    assert 'id="export-download"' in seen["html"]
    archive = zipfile.ZipFile(tmp_path / "media" / seen["job"]["file"])
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 8
