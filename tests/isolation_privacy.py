"""Access-matrix entries for a student's data: export, erasure, people who leave (ADR 0024).

Policy rows "a student's data export" (W the student themself, W the school admin of their
school), "erasure of a student / anonymisation of a person" (W school admin for the own
school, W childcare admin for the own organisation's staff). The rules live in
access/privacy.py, not in the policy table, so the logins are written out here: everyone else
gets 404 on an object (the coordinator too) and 403 on the people page. The objects: Emma's
record (Lindeboom; schooladmin@ and Emma herself) and Lucas's (Scheldezicht, no demo school
admin: only Lucas); export jobs about them; the membership of mentor@uniform.demo (vzw
Kindernest: childcare@) and of mentor@other.demo (vzw Speelvogel: no demo admin).
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.isolation_support import Entry

STUDENTS = {"student@uniform.demo", "student@other.demo"}
ON_STUDENT = {"limburg": {"schooladmin@uniform.demo", "student@uniform.demo"}, "antwerpen": {"student@other.demo"}}
ERASERS = {"limburg": {"schooladmin@uniform.demo"}, "antwerpen": set()}
ADMINS = {"schooladmin@uniform.demo", "childcare@uniform.demo"}
_FILE = "exports/isolation-privacy/data.zip"


def _student(demo, network):
    return {"pk": (demo.emma if network == "limburg" else demo.lucas).pk}


def _job(demo, network, status="done"):
    from exports.models import ExportJob

    student = demo.emma if network == "limburg" else demo.lucas
    if status == "done" and not default_storage.exists(_FILE):
        default_storage.save(_FILE, ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    now = timezone.now()
    job = ExportJob.objects.create(
        requested_by=student.user, school_id=student.school_id, student=student, kind="student_data",
        filter_description=student.full_name, status=status, progress_done=1, progress_total=1,
        error="" if status == "done" else "x", file=_FILE if status == "done" else "", finished_at=now,
        expires_at=now + timedelta(days=1),
    )
    return {"pk": job.pk}


def _failed_job(demo, network):
    return _job(demo, network, status="failed")


def _mentor_membership(demo, network):
    from tenancy.models import Membership, Role

    email = "mentor@uniform.demo" if network == "limburg" else "mentor@other.demo"
    return {"pk": Membership.objects.get(user__email=email, role=Role.MENTOR).pk}


ENTRIES = {
    # No object: a student is sent on to their own record's page; nobody else has one.
    "privacy:mine": Entry(ok={"limburg": STUDENTS, "antwerpen": STUDENTS}, ok_code=302),
    "privacy:student": Entry(kwargs=_student, ok=ON_STUDENT, post="same", post_ok_code=302),
    # Emma's internship runs: the page shows the refusal; an empty POST re-renders the form.
    "privacy:erase": Entry(kwargs=_student, ok=ERASERS, post="same"),
    "privacy:export_job": Entry(kwargs=_job, ok=ON_STUDENT),
    "privacy:export_progress": Entry(kwargs=_job, ok=ON_STUDENT, ok_code=302),  # without htmx: the job page
    "privacy:export_download": Entry(kwargs=_job, ok=ON_STUDENT),
    "privacy:export_retry": Entry(kwargs=_failed_job, ok=ON_STUDENT, ok_code=405, denied=405, post="same",
                                  post_ok_code=302, post_denied=404),
    "privacy:people": Entry(ok={"limburg": ADMINS, "antwerpen": ADMINS}, denied=403),
    # The mentor has running internships: the page shows the refusal; an empty POST re-renders.
    "privacy:anonymise": Entry(kwargs=_mentor_membership, ok={"limburg": {"childcare@uniform.demo"}, "antwerpen": set()},
                               post="same"),
}
