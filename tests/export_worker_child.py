"""A separate process for tests/test_export_worker_kill.py: the real ``manage.py db_worker``
(with a slow fake PDF renderer) and the web side (request, pages, "try again"), each run as its
own process against one SQLite file, so the worker can be killed with SIGKILL mid-job.

    python tests/export_worker_child.py request <email> <group name>   -> prints the job id
    python tests/export_worker_child.py worker <seconds per PDF>        -> runs db_worker
    python tests/export_worker_child.py run_worker <seconds per PDF>    -> runs run_worker (TASK_QUEUE)
    python tests/export_worker_child.py watchdog [<seconds later>]      -> the scheduler's export watchdog
    python tests/export_worker_child.py rq                              -> RQ's registries, abandoned jobs cleaned
    python tests/export_worker_child.py page <email> <job id>           -> prints what the page says
    python tests/export_worker_child.py age <job id> <seconds>          -> the heartbeat that long ago
    python tests/export_worker_child.py retry <email> <job id>          -> POSTs "try again"
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()


def _client(email):
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tenancy.models import User

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def main(command, *args):
    if command == "request":
        from exports import services
        from schools.models import Group
        from tenancy.models import User

        email, group = args
        job = services.request_export(
            user=User.objects.get(email=email), group=Group.objects.get(name=group), kind="dossiers", language="nl"
        )
        print(job.pk)
    elif command in ("worker", "run_worker"):
        from unittest import mock

        from django.core.management import call_command

        delay = float(args[0])

        def slow_pdf(**kwargs):
            time.sleep(delay)
            return b"%PDF-1.4 fake"

        import reports.documents

        with (
            mock.patch.object(reports.documents, "dossier_pdf", slow_pdf, create=True),
            mock.patch.object(reports.documents, "evaluation_pdf", slow_pdf, create=True),
        ):
            if command == "run_worker":
                call_command("run_worker", "--interval", "0.2")
            else:
                call_command("db_worker", "--interval", "0.2", "--no-startup-delay", "--queue-name", "*")
    elif command == "watchdog":
        from datetime import timedelta

        from django.utils import timezone

        from exports.services import requeue_abandoned

        later = timedelta(seconds=float(args[0])) if args else timedelta(0)
        print(json.dumps(requeue_abandoned(timezone.now() + later)))
    elif command == "rq":
        import django_rq
        from django_tasks_rq import Job
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        # What a worker's maintenance (clean_registries, with this job class) does once a dead
        # worker's heartbeat has expired (about 90 seconds; here at once): the abandoned job goes
        # to the failed registry.
        queue = django_rq.get_queue("default", job_class=Job)
        started = StartedJobRegistry(queue=queue, job_class=Job)
        before = started.get_job_ids(cleanup=False)
        started.cleanup(timestamp=time.time() + 24 * 3600)
        print(json.dumps({
            "queued": queue.job_ids, "started_before": before, "started": started.get_job_ids(),
            "failed": FailedJobRegistry(queue=queue, job_class=Job).get_job_ids(),
        }))
    elif command == "page":
        from django.urls import reverse

        from exports.models import ExportJob

        email, job_id = args
        client = _client(email)
        page = client.get(reverse("exports:job", args=[job_id]))
        partial = client.get(reverse("exports:progress", args=[job_id]), HTTP_HX_REQUEST="true")
        job = ExportJob.objects.get(pk=job_id)
        print(json.dumps({
            "status": page.status_code, "html": page.content.decode(), "partial": partial.content.decode(),
            "job": {"status": job.status, "done": job.progress_done, "total": job.progress_total,
                    "attempts": job.attempts, "interrupted": getattr(job, "is_interrupted", None), "file": job.file.name},
        }))
    elif command == "age":
        from datetime import timedelta

        from django.db.models import F

        from exports.models import ExportJob

        # Time passes: every time stamp of the running job moves back (the heartbeat, where the
        # model has one).
        job_id, seconds = args
        fields = {f.name for f in ExportJob._meta.fields} & {"heartbeat_at", "updated_at"}
        back = timedelta(seconds=float(seconds))
        ExportJob.objects.filter(pk=job_id).update(**{name: F(name) - back for name in fields})
    elif command == "retry":
        from django.urls import reverse

        email, job_id = args
        response = _client(email).post(reverse("exports:retry", args=[job_id]))
        print(response.status_code)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(*sys.argv[1:])
