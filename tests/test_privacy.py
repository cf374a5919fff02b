"""A student's data handed over and erased; a person who leaves anonymised (issue 16, ADR 0024).

Acceptance 1: after erasing a student, a dump of the database (pg_dump on PostgreSQL, the
SQLite connection's dump otherwise) and the media folder hold neither their names, email, date
of birth nor their files, and the network's figures are the same as before.
Acceptance 4: the export ZIP of the demo student opens, has every PDF and the JSON, and no other
student's name.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import access
from exports.models import ExportJob
from internships.models import DocumentVersion, Internship, RequiredDocument
from privacy import services
from privacy.models import ErasureRecord
from retention.models import LegalHold
from schools.models import Student
from tenancy.models import Membership, Role, User

ADMIN = "schooladmin@uniform.demo"
NAME = "Xaviera Quintelier-Bogaerts"  # given to the erased student: found nowhere else
EMAIL = "xaviera.quintelier@leerling.example"
DOB = date(2007, 10, 19)


def _former_student() -> Student:
    """A student of Campus De Lindeboom whose internships are all closed, with sheets,
    evaluations, an uploaded file and an account: renamed to a name found nowhere else."""
    candidates = Student.objects.filter(school__name="Campus De Lindeboom", user__isnull=True, internships__status="closed")
    student = next(s for s in candidates.distinct().order_by("last_name")
                   if not s.internships.exclude(status="closed").exists() and s.internships.filter(feedback_sheets__isnull=False).exists())
    return student


def _give_identity(student: Student) -> Student:
    first, last = NAME.split(" ", 1)
    user = User.objects.create_user(email=EMAIL, password="x-not-used-9", full_name=NAME)
    Membership.objects.create(user=user, network=student.school.network, organisation=student.school, role=Role.STUDENT)
    Student.objects.filter(pk=student.pk).update(first_name=first, last_name=last, email=EMAIL, date_of_birth=DOB, user=user)
    student.refresh_from_db()
    internship = student.internships.first()
    document = RequiredDocument.objects.filter(internship=internship).first()
    document.file.save("uittreksel.pdf", ContentFile(f"%PDF-1.4 {NAME} {DOB}".encode()), save=False)
    RequiredDocument.objects.filter(pk=document.pk).update(file=document.file.name, file_name="uittreksel.pdf")
    from notifications.models import Notification

    Notification.objects.create(
        recipient=user, network=student.school.network, kind="sheet_shared", internship=internship, link="/",
        context={"student": NAME}, subject=f"Feedback voor {NAME}", dedupe_key="privacy-test", created_at=timezone.now(),
        delivery="mail",
    )
    # The snapshots of what was shared and signed carry the name, as they do after a real share.
    from audit.purge import guards_lifted
    from evaluations.evaluation.selectors import evaluation_content, evaluation_snapshot
    from evaluations.feedback.selectors import sheet_content
    from evaluations.models import Evaluation, FeedbackSheet

    with guards_lifted():
        for sheet in FeedbackSheet.objects.filter(internship__student=student, status="shared").select_related("internship"):
            FeedbackSheet.objects.filter(pk=sheet.pk).update(snapshot=sheet_content(sheet))
        for evaluation in Evaluation.objects.filter(internship__student=student).select_related("internship"):
            content = evaluation_content(evaluation)
            Evaluation.objects.filter(pk=evaluation.pk).update(snapshot=evaluation_snapshot(evaluation, content))
    return student


def _dump() -> bytes:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        args = ["pg_dump", "--data-only", "-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
                "-U", db.get("USER") or "postgres", db["NAME"]]
        return subprocess.run(args, env=env, check=True, capture_output=True, timeout=120).stdout  # noqa: S603
    return "\n".join(connection.connection.iterdump()).encode()


def _media() -> bytes:
    out = bytearray()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            out += str(path).encode() + b"\n" + path.read_bytes()
    return bytes(out)


def _figures():
    """The network's figures: calibration (every source, the coordinator's scope), the
    coordinator's counts, the school's counts."""
    from calibration.selectors import SOURCES, calibration_report
    from network.selectors import organisation_counts
    from tenancy.models import Organisation

    coordinator = User.objects.get(email="coordinator@uniform.demo")
    out = []
    for scope in access.calibration_scopes(coordinator):
        for key in SOURCES:
            report = calibration_report(scope, key)
            out.append([(b.label, [(d.counts, d.students) for d in b.network],
                         [(r.name, [(d.counts, d.students) for d in r.dists]) for r in b.mentors + b.sites]) for b in report.moments])
    for figure in access.network_figures(coordinator):
        out.append(({k: v for k, v in figure.items() if k.startswith("n_") or k in ("capacity", "status_counts")},
                    [(s.name, s.n_current, s.n_mentors, s.n_trained) for s in figure["attention"]]))
    out.append(organisation_counts(Organisation.objects.get(name="Campus De Lindeboom")))
    return out


def _erase_url(student):
    return reverse("privacy:erase", args=[student.pk])


# --------------------------------------------------------------------------- acceptance 1


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_no_trace_and_keeps_the_figures(demo, django_capture_on_commit_callbacks):
    student = _give_identity(_former_student())
    files = [d.file.name for d in RequiredDocument.objects.filter(internship__student=student).exclude(file="")]
    files += [v.file.name for v in DocumentVersion.objects.filter(document__internship__student=student)]
    assert files and all((Path(settings.MEDIA_ROOT) / f).exists() for f in files)
    secrets = [NAME.encode(), NAME.split(" ", 1)[1].encode(), EMAIL.encode(), DOB.isoformat().encode()]
    before = _dump()
    assert all(s in before for s in secrets)  # the check can fail: they are there before
    figures = _figures()

    client = demo.client_for(ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_erase_url(student), {"name": f"  {NAME.upper()} "})
    assert response.status_code == 302, response.content.decode()[:2000]

    after, media = _dump(), _media()
    for secret in secrets:
        assert secret not in after, secret
        assert secret not in media, secret
    assert not any((Path(settings.MEDIA_ROOT) / f).exists() for f in files)
    assert not User.objects.filter(email=EMAIL).exists()
    placeholder = Student.objects.get(pk=student.pk)
    assert placeholder.full_name == services.ANON_NAME and not placeholder.email and placeholder.date_of_birth is None
    assert _figures() == figures
    record = ErasureRecord.objects.get(organisation=student.school)
    assert record.erased_by.email == ADMIN and len(record.reference) == 12
    # The guards of shared sheets and signed evaluations are back once the erasure is done.
    from django.db import DatabaseError, transaction

    from evaluations.models import FeedbackSheet

    with pytest.raises(DatabaseError), transaction.atomic():
        FeedbackSheet.objects.filter(status="shared", internship__student=placeholder).update(strengths="changed")
    # The erased student's signed evaluations are not shown as tampered with.
    from evaluations.evaluation.selectors import evaluation_document
    from evaluations.models import Evaluation

    for evaluation in Evaluation.objects.filter(internship__student=placeholder):
        document = evaluation_document(evaluation)
        assert document["shown"].names.student == services.ANON_NAME
        assert all(s.current for s in document["signatures"].values())


# --------------------------------------------------------------------------- refusals


def test_wrong_name_is_a_form_error_and_nothing_is_lost(demo):
    student = _former_student()
    erasures = ErasureRecord.objects.count()
    response = demo.client_for(ADMIN).post(_erase_url(student), {"name": "Iemand Anders"})
    assert response.status_code == 200
    assert "Typ de volledige naam" in response.content.decode()
    student.refresh_from_db()
    assert student.full_name != services.ANON_NAME and ErasureRecord.objects.count() == erasures


def test_refused_under_a_legal_hold(demo):
    student = _former_student()
    LegalHold.objects.create(network=student.school.network, internship=student.internships.first(), reason="Klacht",
                             placed_at=timezone.now())
    response = demo.client_for(ADMIN).get(_erase_url(student))
    assert "juridische blokkering" in response.content.decode()
    response = demo.client_for(ADMIN).post(_erase_url(student), {"name": student.full_name})
    assert response.status_code == 200 and "juridische blokkering" in response.content.decode()
    assert Student.objects.get(pk=student.pk).full_name == student.full_name


def test_refused_with_a_running_internship(demo):
    emma = demo.emma
    assert emma.internships.filter(status=Internship.Status.RUNNING).exists()
    response = demo.client_for(ADMIN).post(_erase_url(emma), {"name": emma.full_name})
    assert response.status_code == 200 and "niet afgesloten" in response.content.decode()
    assert Student.objects.get(pk=emma.pk).user is not None


@pytest.mark.parametrize("login", ["coordinator@uniform.demo", "teacher@uniform.demo", "mentor@uniform.demo",
                                   "student@uniform.demo", "teacher@other.demo"])
def test_nobody_else_may_erase(demo, login):
    student = _former_student()
    assert demo.client_for(login).get(_erase_url(student)).status_code == 404
    assert demo.client_for(login).post(_erase_url(student), {"name": student.full_name}).status_code == 404


# --------------------------------------------------------------------------- acceptance 4


def _fake_pdf(*args, **kwargs) -> bytes:
    return b"%PDF-1.4 fake"


def test_export_zip_of_the_demo_student(demo):
    emma = demo.emma
    client = demo.client_for("student@uniform.demo")
    home = client.get(reverse("home")).content.decode()
    assert reverse("privacy:mine") in home
    page = client.get(reverse("privacy:mine"), follow=True)
    assert page.status_code == 200 and "Je gegevens" in page.content.decode()

    response = client.post(reverse("privacy:student", args=[emma.pk]))
    job = ExportJob.objects.get(kind=ExportJob.Kind.STUDENT_DATA, student=emma)
    assert response.status_code == 302 and response["Location"] == reverse("privacy:export_job", args=[job.pk])
    from exports.services import build_export

    assert build_export(str(job.pk), job.attempts) == "done"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    progress = client.get(reverse("privacy:export_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert reverse("privacy:export_download", args=[job.pk]) in progress.content.decode()
    download = client.get(reverse("privacy:export_download", args=[job.pk]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    data = json.loads(archive.read("data.json"))

    from evaluations.models import Evaluation, FeedbackSheet

    student_user = demo.user("student@uniform.demo")
    sheets = access.feedback_sheets_visible_to(student_user).filter(internship__student=emma)
    evaluations = access.evaluations_visible_to(student_user).filter(internship__student=emma)
    pdfs = [n for n in names if n.endswith(".pdf") and n.startswith("pdf/")]
    assert len(pdfs) == emma.internships.count() + sheets.count() + evaluations.count()
    assert any("dossier" in n for n in pdfs)
    for name in pdfs:
        assert archive.read(name).startswith(b"%PDF")
    assert data["student"]["first_name"] == "Emma" and data["student"]["email"] == emma.email
    internship = data["internships"][0]
    assert len(internship["feedback_sheets"]) == sheets.count()
    assert all("ratings" in s for s in internship["feedback_sheets"])
    assert {"hours", "visits", "activities", "evaluations", "documents"} <= set(internship)
    uploads = [n for n in names if n.startswith("files/")]
    assert len(uploads) == len([d for d in RequiredDocument.objects.filter(internship__student=emma) if d.file]) + \
        DocumentVersion.objects.filter(document__internship__student=emma).count()
    assert data["notifications"], "the notifications addressed to Emma's account"
    # Nothing of any other student: no other student's name anywhere in the ZIP.
    from pypdf import PdfReader

    text = archive.read("data.json").decode() + archive.read("README.txt").decode()
    for name in pdfs:
        text += "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(archive.read(name))).pages)
    assert "Emma Aerts" in text
    others = Student.objects.exclude(pk=emma.pk).values_list("first_name", "last_name")
    leaked = [f"{f} {last}" for f, last in others if f"{f} {last}" in text]
    assert not leaked
    assert FeedbackSheet.objects.exclude(internship__student=emma).exists() and Evaluation.objects.exists()


def test_school_admin_exports_from_the_student_page(demo):
    emma = demo.emma
    client = demo.client_for(ADMIN)
    page = client.get(reverse("schools:student", args=[emma.pk])).content.decode()
    assert reverse("privacy:student", args=[emma.pk]) in page and reverse("privacy:erase", args=[emma.pk]) in page
    assert client.post(reverse("privacy:student", args=[emma.pk])).status_code == 302
    assert ExportJob.objects.filter(kind="student_data", student=emma, requested_by__email=ADMIN).exists()


@pytest.mark.parametrize("login", ["coordinator@uniform.demo", "teacher@uniform.demo", "mentor@uniform.demo",
                                   "childcare@uniform.demo", "student@other.demo"])
def test_nobody_else_sees_a_students_data(demo, login):
    emma = demo.emma
    job = ExportJob.objects.create(
        requested_by=demo.user("student@uniform.demo"), school_id=emma.school_id, student=emma, kind="student_data",
        status="done", expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    client = demo.client_for(login)
    assert client.get(reverse("privacy:student", args=[emma.pk])).status_code == 404
    assert client.post(reverse("privacy:student", args=[emma.pk])).status_code == 404
    assert client.get(reverse("privacy:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("privacy:export_download", args=[job.pk])).status_code == 404


# --------------------------------------------------------------------------- a person who leaves


def test_anonymised_mentor_signs_as_former_mentor(demo):
    from evaluations.models import FeedbackSheet

    mentor = User.objects.get(email="sarah.vandeweyer@kindernest.demo")
    # Her interns' internships are handed over first (the refusal is tested below).
    membership = Membership.objects.get(user=mentor, role=Role.MENTOR)
    admin = demo.client_for("childcare@uniform.demo")
    url = reverse("privacy:anonymise", args=[membership.pk])
    open_ones = Internship.objects.filter(mentor=mentor).exclude(status="closed")
    if open_ones.exists():
        response = admin.post(url, {"name": mentor.full_name})
        assert "nog mentor of stagebegeleider" in response.content.decode()
        open_ones.update(mentor=demo.user("mentor@uniform.demo"))
    assert admin.post(url, {"name": "Sarah"}).status_code == 200  # wrong name
    response = admin.post(url, {"name": "sarah vandeweyer"})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert not mentor.is_active and "Vandeweyer" not in mentor.email and mentor.full_name == "voormalig mentor van KDV 't Nestje"
    label = "voormalig mentor van KDV 't Nestje"
    sheet = FeedbackSheet.objects.filter(author=mentor, status="shared").select_related("internship").first()
    assert sheet is not None, "the demo mentor who leaves wrote shared sheets"
    assert "Sarah Vandeweyer" not in json.dumps(sheet.snapshot or {})
    page = demo.client_for("schooladmin@uniform.demo").get(
        reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])
    ).content.decode()
    assert "Sarah Vandeweyer" not in page and label.replace("'", "&#x27;") in page
    assert not Membership.objects.filter(user=mentor).exists()
    assert demo.client_for("coordinator@uniform.demo").get(url).status_code == 404
    assert demo.client_for("mentor@uniform.demo").get(url).status_code == 404


def test_anonymised_teacher_is_a_former_teacher_of_the_school(demo):
    teacher = User.objects.get(email="tom.indekeu@lindeboom.demo")
    Internship.objects.filter(teacher=teacher).exclude(status="closed").update(teacher=demo.user("teacher@uniform.demo"))
    membership = Membership.objects.get(user=teacher, role=Role.TEACHER)
    # The childcare admin cannot reach the school's teachers.
    assert demo.client_for("childcare@uniform.demo").get(reverse("privacy:anonymise", args=[membership.pk])).status_code == 404
    admin = demo.client_for(ADMIN)
    assert f'href="{reverse("privacy:anonymise", args=[membership.pk])}"' in admin.get(reverse("privacy:people")).content.decode()
    assert admin.post(reverse("privacy:anonymise", args=[membership.pk]), {"name": "Tom Indekeu"}).status_code == 302
    teacher.refresh_from_db()
    assert teacher.full_name == "voormalig stagebegeleider van Campus De Lindeboom" and not teacher.has_usable_password()
    assert not teacher.teaching_groups.exists() and ErasureRecord.objects.filter(kind="person", erased_by__email=ADMIN).exists()
