"""Issue 18: the Redis task queue (django-tasks-rq), the watchdog that takes up what a killed worker
left, and sessions on Redis (ADR 0028).

The real-process tests run against the machine's Redis (127.0.0.1:6379, databases 2 and 3, each
emptied before and after) with the machinery of tests/test_export_worker_kill.py: the worker and
the web side as child processes on a copy of the demo SQLite file. The watchdog's rules are
tested in-process on the database queue.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from exports import services
from exports.models import ExportJob
from reminders import services as scheduler
from tests import test_exports as base
from tests.conftest import copy_demo_sqlite
from tests.processes import family, kill
from tests.test_export_worker_kill import CHILD, ROOT, _child, _row, _wait, died, run_real_tasks
from tests.test_exports import ADMIN, group, start

media = base.media  # MEDIA_ROOT in tmp, a fake PDF renderer
renderer = base.renderer

QUEUE_DB = 2
SESSION_DB = 3


def _redis(db: int):
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=db, socket_connect_timeout=2)
    client.ping()  # the machine's Redis must answer (PREAMBLE / .ci/run start it)
    return client


@pytest.fixture
def redis_queue():
    client = _redis(QUEUE_DB)
    client.flushdb()
    yield f"redis://127.0.0.1:6379/{QUEUE_DB}"
    client.flushdb()


# --------------------------------------------------------------------------- the watchdog, in-process


def test_the_watchdog_requeues_a_dead_workers_export_and_it_finishes_once(demo, renderer, settings):
    settings.EXPORT_AUTO_ATTEMPTS = 3
    start(demo.client_for(ADMIN), group("7BKO-A"))
    job = ExportJob.objects.get()
    run_real_tasks()  # the first run: done
    died(job, seconds_ago=30, done=2)  # a fresh heartbeat: not touched
    assert services.requeue_abandoned() == {"requeued": 0, "failed": 0}
    died(job, seconds_ago=150, done=2)  # no heartbeat for 2½ minutes: its worker is dead
    # Through the scheduler's minute, twice (a second scheduler): queued again once.
    assert scheduler.tick(worker="a").counts["exports"] == 1
    assert scheduler.tick(timezone.now() + timedelta(minutes=1), worker="b").counts["exports"] == 0
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_done) == (ExportJob.Status.QUEUED, 2, 0)
    renderer.dossier.reset_mock()
    assert run_real_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.progress_done) == (ExportJob.Status.DONE, 8) and renderer.dossier.call_count == 8


def test_after_its_last_attempt_an_interrupted_export_fails_with_a_message(demo, renderer, settings):
    settings.EXPORT_AUTO_ATTEMPTS = 2
    start(demo.client_for(ADMIN), group("7BKO-A"))
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(attempts=2)
    died(job, seconds_ago=300, done=3)
    assert services.requeue_abandoned() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.can_retry
    assert "2 keer onderbroken" in job.error


def test_a_queued_export_is_sent_again_only_when_its_task_is_gone(demo, renderer):
    start(demo.client_for(ADMIN), group("7BKO-A"))
    job = ExportJob.objects.get()
    old = timezone.now() - timedelta(minutes=10)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=old)
    # Ten minutes in the queue, its task still waiting (the workers are busy): left alone.
    assert services.requeue_abandoned() == {"requeued": 0, "failed": 0}
    # The task was lost (a Redis without its data, a queue that was down when it was sent).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    assert services.requeue_abandoned() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.attempts == 2 and job.task_result_id
    assert run_real_tasks() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


# --------------------------------------------------------------------------- settings from the environment


def _settings_of(env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE", "REDIS_URL",
                                                            "TASK_QUEUE", "TASK_QUEUE_URL")}
    env.update({"DEBUG": "1", **env_extra})
    code = ("from django.conf import settings as s; import json; "
            "print(json.dumps([s.TASKS['default']['BACKEND'], getattr(s, 'RQ_QUEUES', {}).get('default', {}).get('URL'), "
            "s.SESSION_ENGINE, s.CACHES['default']['BACKEND']]))")
    return subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, timeout=60)


def test_the_queue_and_sessions_follow_the_environment():
    plain = _settings_of({})
    assert json.loads(plain.stdout) == ["django_tasks_db.DatabaseBackend", None,
                                        "django.contrib.sessions.backends.db", "django.core.cache.backends.db.DatabaseCache"]
    redis_url = "redis://127.0.0.1:6379/1"  # read, never connected to
    assert json.loads(_settings_of({"TASK_QUEUE": "redis", "REDIS_URL": redis_url}).stdout)[1] == redis_url
    both = _settings_of({"TASK_QUEUE": "redis", "REDIS_URL": redis_url, "TASK_QUEUE_URL": "redis://queue:6379/4"})
    assert json.loads(both.stdout) == ["django_tasks_rq.RQBackend", "redis://queue:6379/4",
                                       "django.contrib.sessions.backends.cached_db", "django.core.cache.backends.redis.RedisCache"]
    missing = _settings_of({"TASK_QUEUE": "redis"})
    assert missing.returncode != 0 and "TASK_QUEUE=redis needs TASK_QUEUE_URL or REDIS_URL" in missing.stderr


def test_a_session_on_redis_outlives_a_redis_restart(tmp_path, demo_sqlite_template):
    """cached_db: the session is read from Redis and written through to the database, so an
    emptied Redis (a restart: nothing on disk) logs nobody out."""
    client = _redis(SESSION_DB)
    client.flushdb()
    path = tmp_path / "sessions.sqlite3"
    copy_demo_sqlite(demo_sqlite_template, path)
    env = {k: v for k, v in os.environ.items() if k not in ("UNIFORM_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update({"DEBUG": "1", "DATABASE_URL": f"sqlite:///{path}", "REDIS_URL": f"redis://127.0.0.1:6379/{SESSION_DB}"})

    def shell(code):
        done = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], env=env, cwd=ROOT,  # noqa: S603
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    try:
        key = shell("from django.contrib.sessions.backends.cached_db import SessionStore as S; s = S(); "
                    "s['who'] = 'mentor'; s.create(); print(s.session_key)")
        assert any(key in name.decode() for name in client.keys("*"))  # in Redis
        client.flushdb()  # Redis restarted
        assert shell(f"from django.contrib.sessions.backends.cached_db import SessionStore as S; print(S('{key}').load())") \
            == "{'who': 'mentor'}"
    finally:
        client.flushdb()


# --------------------------------------------------------------------------- RQ: a real SIGKILL


def _worker(env, delay: str, log):
    return subprocess.Popen(  # noqa: S603  (this interpreter, our script)
        [sys.executable, str(CHILD), "run_worker", delay], env=env, cwd=ROOT,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def test_kill_9_of_an_rq_worker_mid_export_the_watchdog_requeues_and_a_second_worker_finishes_once(
    tmp_path, demo_sqlite_template, redis_queue
):
    path = tmp_path / "worker.sqlite3"
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{path}", "UNIFORM_TESTING": "1", "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT), "TASK_QUEUE": "redis", "REDIS_URL": redis_queue,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    copy_demo_sqlite(demo_sqlite_template, path, media=tmp_path / "media")
    job_id = _child(env, "request", ADMIN, "7BKO-A")  # queued on Redis through django-tasks-rq

    with open(tmp_path / "a.log", "w") as log:
        first = _worker(env, "1.0", log)
        try:
            _wait(path, job_id, lambda r: r[0] == "running" and r[1] >= 1)
            doomed = family(first.pid)
            assert len(doomed) >= 2  # the worker and the work horse it forked for the job
            kill(doomed)  # both at once, as when the machine dies
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                kill(family(first.pid))
    status, done, total, attempts = _row(path, job_id)
    assert status == "running" and 1 <= done < total == 8 and attempts == 1

    # RQ itself never runs the abandoned job again: it goes to the failed registry (no retries).
    rq = json.loads(_child(env, "rq"))
    assert rq["queued"] == [] and len(rq["started_before"]) == 1 and rq["started"] == [] and len(rq["failed"]) == 1

    # The scheduler's minute two minutes later (the clock moved on, not waited for): queued again.
    assert json.loads(_child(env, "watchdog", "121")) == {"requeued": 1, "failed": 0}
    assert _row(path, job_id) == ("queued", 0, 8, 2)

    with open(tmp_path / "b.log", "w") as log:
        second = _worker(env, "0.05", log)
        try:
            row = _wait(path, job_id, lambda r: r[0] in ("done", "failed"))
        finally:
            second.send_signal(signal.SIGTERM)  # a clean stop
            try:
                code = second.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kill(family(second.pid))
                code = None
    assert row == ("done", 8, 8, 2)
    assert code == 0
    lines = (tmp_path / "b.log").read_text().splitlines()
    assert len([line for line in lines if "task exports.tasks.build_export(" in line]) == 1, lines
    assert any("SUCCESSFUL" in line for line in lines if "task exports.tasks.build_export(" in line)
    files = list((tmp_path / "media" / "exports").rglob("*.zip"))
    assert len(files) == 1  # one ZIP: the killed run wrote none
