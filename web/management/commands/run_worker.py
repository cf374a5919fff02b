"""The task worker of the configured queue (ADR 0028): ``TASK_QUEUE=database`` (the default) runs
django-tasks-db's ``db_worker``, ``TASK_QUEUE=redis`` runs RQ's worker (django-rq's ``rqworker``
with django-tasks-rq's job class and RQ's scheduler for the tasks queued to run later). Docs,
systemd units and ``make worker`` start this one command whatever the queue.

Start as many as you like, on any machine: each task is taken by one worker, and the tasks
themselves claim their rows with conditional UPDATEs. SIGTERM (or Ctrl-C) stops it cleanly: the
task that is running finishes first (a second signal stops at once; a job cut off so is taken up
again by the scheduler, ``exports.services.requeue_abandoned``). It logs one line per task.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

log = logging.getLogger("uniform.worker")


class _DropPerTaskInfo(logging.Filter):
    """django-tasks logs each task's start and end at INFO; this command logs one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or not str(record.msg).startswith("Task id=")


_started: dict[str, float] = {}


def _on_started(sender, task_result, **kwargs) -> None:
    _started[str(task_result.id)] = time.monotonic()


def _on_finished(sender, task_result, **kwargs) -> None:
    began = _started.pop(str(task_result.id), None)
    took = f" {time.monotonic() - began:.1f}s" if began is not None else ""
    args = ", ".join(repr(a) for a in task_result.args)
    log.info("task %s(%s) %s%s id=%s", task_result.task.module_path, args, task_result.status, took, task_result.id)


def log_each_task() -> None:
    from django_tasks.signals import task_finished, task_started

    logging.getLogger("django_tasks").addFilter(_DropPerTaskInfo())
    task_started.connect(_on_started, dispatch_uid="uniform.worker.started")
    task_finished.connect(_on_finished, dispatch_uid="uniform.worker.finished")


class Command(BaseCommand):
    help = "Run the background task worker of the configured queue (TASK_QUEUE: database or redis)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Database queue: seconds between looks at the queue (default 1).")
        parser.add_argument("--name", default="", help="The worker's name (default host:pid).")
        parser.add_argument("--burst", action="store_true",
                            help="Run what is queued, then stop.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Stop after this many tasks.")

    def handle(self, *args, interval: float, name: str, burst: bool, max_tasks: int | None, **options):
        name = name or f"{socket.gethostname()}:{os.getpid()}"
        backend = settings.TASKS["default"]["BACKEND"]
        log_each_task()
        if backend.startswith("django_tasks_rq"):
            log.info("worker %s: RQ queue default at %s", name, _safe_url(settings.RQ_QUEUES["default"]["URL"]))
            call_command(
                "rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True, name=name,
                burst=burst, max_jobs=max_tasks,
                # RQ's own lines per job (three) are left out; its warnings stay.
                verbosity=0,
            )
        else:
            log.info("worker %s: database queue", name)
            extra = {"max_tasks": max_tasks} if max_tasks else {}
            # db_worker reloads on code changes when DEBUG is on (`make run`), as before.
            call_command("db_worker", interval=interval, startup_delay=False, worker_id=name[:64], batch=burst, **extra)
        log.info("worker %s stopped", name)


def _safe_url(url: str) -> str:
    """The queue's address without its password, for the log."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"
