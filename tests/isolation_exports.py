"""Access-matrix entries for the batch-export URLs (merged into tests/test_isolation.py).

Policy row "batch exports": W school admin (own school's groups), W teacher (own groups);
nobody else. The export page is for school admins and teachers (others 403). A job is seen,
retried and downloaded only by the person who asked for it and the school admin of its school;
everyone else gets 404. The objects: a job of teacher@uniform.demo for 7BKO-A (Limburg) and one
of teacher@other.demo for 7KO (Antwerpen).
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.isolation_support import Entry

JOB = {"rule": "exports.make", "obj": "export_job"}  # its requester, and the school admin of its school
_FILE = "exports/isolation-test/export.zip"


def _job(demo, network, status="done"):
    from exports.models import ExportJob
    from schools.models import Group

    if network == "limburg":
        user, group = demo.user("teacher@uniform.demo"), Group.objects.get(name="7BKO-A")
    else:
        user, group = demo.user("teacher@other.demo"), Group.objects.get(name="7KO")
    if status == "done" and not default_storage.exists(_FILE):
        default_storage.save(_FILE, ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    now = timezone.now()
    job = ExportJob.objects.create(
        requested_by=user, school_id=group.school_id, group=group, kind="dossiers", filter_description=group.name,
        internship_ids=[], status=status, progress_done=1, progress_total=1, error="" if status == "done" else "x",
        file=_FILE if status == "done" else "", finished_at=now, expires_at=now + timedelta(days=1),
    )
    return {"pk": job.pk}


def _failed_job(demo, network):
    return _job(demo, network, status="failed")


ENTRIES = {
    "exports:index": Entry(rule="exports.make", denied=403, post="same"),
    "exports:job": Entry(kwargs=_job, **JOB),
    "exports:progress": Entry(kwargs=_job, **JOB, ok_code=302),  # without htmx: back to the job page
    "exports:download": Entry(kwargs=_job, **JOB),
    "exports:retry": Entry(kwargs=_failed_job, **JOB, ok_code=405, denied=405, post="same",
                           post_ok_code=302, post_denied=404),
}
