"""The access audit (issue 16, ADR 0022): every view or download of a student's data writes one
row, at the cost of one query; the rows cannot be changed on PostgreSQL; the school admin and
the student read them, nobody else."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import access
from audit import services
from audit.models import AccessEvent
from audit.purge import purge_allowed
from tests.dossier_support import dossier_response, forget_dossier_files, run_dossier_jobs

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
W = AccessEvent.What


# --------------------------------------------------------------------------- objects per view


def _emma(demo):
    return demo.emma_internship


def _shared_sheet(demo, user):
    return access.feedback_sheets_visible_to(user).filter(internship=_emma(demo), status="shared").order_by("date").first()


def _evaluation(demo, user):
    return access.evaluations_visible_to(user).order_by("internship__start_date", "number").first()


def _export_job(demo):
    from exports.models import ExportJob
    from tests.isolation_exports import _job

    job = ExportJob.objects.get(pk=_job(demo, "limburg")["pk"])
    job.internship_ids = [str(_emma(demo).pk)]
    job.save(update_fields=["internship_ids"])
    return job


def _url(demo, name, user):
    emma = _emma(demo)
    if name in ("schools:student", "schools:student_edit"):
        return reverse(name, args=[emma.student_id]), emma.student_id
    if name in ("internships:detail", "internships:intake"):
        return reverse(name, args=[emma.pk]), emma.student_id
    if name == "internships:visit":
        return reverse(name, args=[emma.pk, emma.visits.order_by("date").first().pk]), emma.student_id
    if name == "internships:document_file":
        document = emma.documents.exclude(file="").order_by("pk").first()
        return reverse(name, args=[emma.pk, document.pk]), emma.student_id
    if name == "internships:document_version_file":
        from internships.models import DocumentVersion

        version = DocumentVersion.objects.filter(document__internship=emma).order_by("pk").first()
        return reverse(name, args=[emma.pk, version.document_id, version.pk]), emma.student_id
    if name in ("feedback:sheet_detail", "reports:sheet"):
        sheet = _shared_sheet(demo, user)
        args = [sheet.pk] if name == "reports:sheet" else [emma.pk, sheet.pk]
        return reverse(name, args=args), emma.student_id
    if name == "feedback:draft":
        sheet = access.feedback_sheets_visible_to(user).filter(internship=emma, status="draft").first()
        return reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk]), emma.student_id
    if name in ("evaluations:evaluation_detail", "evaluations:evaluation_history", "reports:evaluation"):
        evaluation = _evaluation(demo, user)
        args = [evaluation.pk] if name == "reports:evaluation" else [evaluation.internship_id, evaluation.pk]
        return reverse(name, args=args), evaluation.internship.student_id
    if name == "progress:progress_detail":
        return reverse(name, args=[emma.pk]), emma.student_id
    if name == "activities:activity_list":
        return reverse(name, kwargs={"internship_pk": emma.pk}), emma.student_id
    if name == "reports:dossier":  # made by the worker first (ADR 0031): asking then answers the file
        from django.test import Client

        client = Client()
        client.force_login(user)
        assert dossier_response(client, emma.pk, keep_file=True).status_code == 200
    if name.startswith("reports:"):
        return reverse(name, args=[emma.pk]), emma.student_id
    if name == "exports:download":
        return reverse(name, args=[_export_job(demo).pk]), None
    raise AssertionError(name)


#: (view, who opens it, what the row says, the role it names)
VIEWS = [
    ("schools:student", "schooladmin@uniform.demo", W.RECORD, "school_admin"),
    ("schools:student_edit", "schooladmin@uniform.demo", W.RECORD, "school_admin"),
    ("internships:detail", "mentor@uniform.demo", W.INTERNSHIP, "mentor"),
    ("internships:intake", "teacher@uniform.demo", W.INTERNSHIP, "teacher"),
    ("internships:visit", "teacher@uniform.demo", W.INTERNSHIP, "teacher"),
    ("internships:document_file", "childcare@uniform.demo", W.DOCUMENT, "childcare_admin"),
    ("internships:document_version_file", "schooladmin@uniform.demo", W.DOCUMENT, "school_admin"),
    ("feedback:sheet_detail", "teacher@uniform.demo", W.SHEET, "teacher"),
    ("feedback:draft", "mentor@uniform.demo", W.SHEET, "mentor"),
    ("evaluations:evaluation_detail", "teacher@uniform.demo", W.EVALUATION, "teacher"),
    ("evaluations:evaluation_history", "teacher@uniform.demo", W.EVALUATION, "teacher"),
    ("progress:progress_detail", "coach@uniform.demo", W.PROGRESS, "coach"),
    ("activities:activity_list", "student@uniform.demo", W.ACTIVITIES, "student"),
    ("reports:sheet", "student@uniform.demo", W.PDF, "student"),
    ("reports:evaluation", "teacher@uniform.demo", W.PDF, "teacher"),
    ("reports:activities", "mentor@uniform.demo", W.PDF, "mentor"),
    ("reports:intake", "teacher@uniform.demo", W.PDF, "teacher"),
    ("reports:visits", "teacher@uniform.demo", W.PDF, "teacher"),
    ("reports:hours", "coach@uniform.demo", W.PDF, "coach"),
    ("reports:dossier", "teacher@uniform.demo", W.PDF, "teacher"),
    ("exports:download", "teacher@uniform.demo", W.EXPORT, "teacher"),
]


def _new_rows(before: int):
    return list(AccessEvent.objects.order_by("id")[before:])


@pytest.mark.parametrize("name, login, what, role", VIEWS, ids=[v[0] for v in VIEWS])
def test_each_view_of_a_students_data_writes_one_row_at_the_cost_of_one_query(demo, monkeypatch, name, login, what, role):
    user = demo.user(login)
    client = demo.client_for(login)
    url, student_id = _url(demo, name, user)
    before = AccessEvent.objects.count()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    rows = _new_rows(before)
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row.what, row.role, row.user_id, row.path) == (what, role, user.pk, url)
    assert row.student_id == student_id
    assert row.network_id == access.network_ids_of(user).pop()

    # The same page again with the audit switched off, then on: the difference is the one INSERT.
    with monkeypatch.context() as patched:
        patched.setattr(services, "record", lambda *args, **kwargs: None)
        with CaptureQueriesContext(connection) as without:
            assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as with_audit:
        assert client.get(url).status_code == 200
    added = [q["sql"] for q in with_audit.captured_queries if "audit_accessevent" in q["sql"]]
    assert len(added) == 1 and added[0].lstrip().upper().startswith("INSERT"), added
    assert len(with_audit) == len(without) + 1, (len(without), len(with_audit))
    assert AccessEvent.objects.count() == before + 2
    forget_dossier_files()


def test_opening_the_dossier_pdf_adds_one_row_that_the_school_admins_page_lists(demo):
    """Acceptance 3 (issue 16): the dossier PDF adds exactly one audit row; the school admin's
    page lists it (who, in which role, what)."""
    emma = _emma(demo)
    before = AccessEvent.objects.count()
    teacher = demo.client_for("teacher@uniform.demo")
    # Asking queues the worker (ADR 0031): nothing has been opened yet, so no row.
    assert teacher.post(reverse("reports:dossier", args=[emma.pk])).status_code == 302
    assert teacher.get(reverse("reports:dossier", args=[emma.pk])).status_code == 302  # to the job's page
    assert AccessEvent.objects.count() == before
    run_dossier_jobs()
    response = teacher.get(reverse("reports:dossier", args=[emma.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    forget_dossier_files()
    assert AccessEvent.objects.count() == before + 1
    row = AccessEvent.objects.latest("id")
    assert (row.what, row.student_id, row.internship_id, row.role) == (W.PDF, emma.student_id, emma.pk, "teacher")

    admin = demo.client_for("schooladmin@uniform.demo")
    page = admin.get(reverse("audit:student", args=[emma.student_id]))
    assert page.status_code == 200
    html = page.content.decode()
    first = html.split('<tbody>')[1].split("</tr>")[0]  # newest first
    assert "Sofie Peeters" in first and "Stagebegeleider" in first and "PDF: stagedossier" in first, first
    assert "Wie bekeek de gegevens van Emma Aerts" in html
    # Filtered by what: only PDFs.
    filtered = admin.get(reverse("audit:student", args=[emma.student_id]), {"what": "pdf"}).content.decode()
    body = filtered.split("<tbody>")[1].split("</tbody>")[0]
    assert "PDF: stagedossier" in body and "Stagepagina" not in body
    # The student detail page links to it.
    detail = admin.get(reverse("schools:student", args=[emma.student_id])).content.decode()
    assert reverse("audit:student", args=[emma.student_id]) in detail


@pytest.mark.skipif(not ON_POSTGRES, reason="the append-only trigger exists on PostgreSQL only (SQLite has none); "
                                            "run with DATABASE_URL=postgres://... to check it")
def test_an_sql_update_or_delete_of_an_audit_row_fails_on_postgresql(demo):
    """Acceptance 3 (issue 16): the rows are append-only; only purge_allowed() (the retention
    job and erasure) passes the trigger."""
    demo.client_for("teacher@uniform.demo").get(reverse("internships:detail", args=[_emma(demo).pk]))
    row = AccessEvent.objects.latest("id")
    for sql in ("UPDATE audit_accessevent SET role = 'coordinator' WHERE id = %s", "DELETE FROM audit_accessevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])
    row.refresh_from_db()
    assert row.role == "teacher"
    with purge_allowed(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET object_id = 'purged' WHERE id = %s", [row.pk])
    row.refresh_from_db()
    assert row.object_id == "purged"


def test_htmx_partials_head_and_posts_write_no_row(demo):
    emma = _emma(demo)
    client = demo.client_for("mentor@uniform.demo")
    url = reverse("internships:detail", args=[emma.pk])
    before = AccessEvent.objects.count()
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    assert client.head(url).status_code == 200
    assert AccessEvent.objects.count() == before
    assert client.get(url, headers={"HX-Request": "true", "HX-Boosted": "true"}).status_code == 200  # a boosted link is a page
    assert AccessEvent.objects.count() == before + 1
    # A 404 writes nothing either.
    assert demo.client_for("mentor2@uniform.demo").get(url).status_code == 404
    assert AccessEvent.objects.count() == before + 1


def test_the_student_sees_who_looked_but_not_their_own_visits(demo):
    emma = _emma(demo)
    demo.client_for("coach@uniform.demo").get(reverse("progress:progress_detail", args=[emma.pk]))
    student = demo.client_for("student@uniform.demo")
    student.get(reverse("internships:detail", args=[emma.pk]))  # recorded (the school admin sees it) ...
    assert AccessEvent.objects.latest("id").role == "student"
    home = student.get(reverse("home")).content.decode()
    assert reverse("audit:mine") in home
    page = student.get(reverse("audit:mine"))
    assert page.status_code == 200
    body = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "Lotte Maes" in body and "Vooruitgangsoverzicht" in body
    assert "Emma Aerts" not in body  # ... but not on her own page
    assert "href=" not in body  # the student's page names what, it links nothing
    admin = demo.client_for("schooladmin@uniform.demo").get(reverse("audit:student", args=[emma.student_id])).content.decode()
    assert "Emma Aerts</td>" in admin  # the school admin sees the student's own looks too


def test_an_export_download_shows_on_the_audit_of_the_students_in_it(demo):
    job = _export_job(demo)
    demo.client_for("teacher@uniform.demo").get(reverse("exports:download", args=[job.pk]))
    page = demo.client_for("schooladmin@uniform.demo").get(reverse("audit:student", args=[demo.emma.pk]), {"what": "export"})
    body = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "Export (ZIP)" in body and reverse("exports:job", args=[job.pk]) in body
    lucas = demo.client_for("teacher@other.demo")
    assert lucas.get(reverse("audit:student", args=[demo.emma.pk])).status_code == 404


@pytest.mark.parametrize("login", [
    "teacher@uniform.demo",  # Emma's own teacher: sees her record, not who looked at it
    "teacher2@uniform.demo",  # a teacher of another school
    "teacher@other.demo",  # another network
    "coordinator@uniform.demo",  # no personal data of students
    "mentor@uniform.demo", "coach@uniform.demo", "childcare@uniform.demo", "student@other.demo",
])
def test_the_audit_of_a_student_is_404_for_everyone_but_the_school_admin_and_the_student(demo, login):
    client = demo.client_for(login)
    assert client.get(reverse("audit:student", args=[demo.emma.pk])).status_code == 404
    if "student" not in login:
        assert client.get(reverse("audit:mine")).status_code == 404


def test_a_failing_audit_write_raises_in_tests_and_is_logged_not_shown_in_production(demo, monkeypatch, caplog):
    url = reverse("internships:detail", args=[_emma(demo).pk])
    client = demo.client_for("mentor@uniform.demo")

    def broken(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AccessEvent, "save", broken)
    with pytest.raises(DatabaseError):
        client.get(url)  # under the test suite: red, never unseen
    monkeypatch.setattr(settings, "TESTING", False)
    with caplog.at_level(logging.ERROR, logger="uniform.audit"):
        assert client.get(url).status_code == 200  # the page still opens
    assert "access audit row not written" in caplog.text


def test_the_page_is_paginated_newest_first_and_its_queries_do_not_grow(demo):
    from datetime import timedelta

    from django.utils import timezone

    emma = _emma(demo)
    small_client = demo.client_for("schooladmin@uniform.demo")
    with CaptureQueriesContext(connection) as small:
        small_client.get(reverse("audit:student", args=[emma.student_id]))
    admin = demo.user("schooladmin@uniform.demo")
    now = timezone.now()
    AccessEvent.objects.bulk_create([
        AccessEvent(at=now - timedelta(minutes=i), network_id=emma.school.network_id, user=admin, role="school_admin",
                    student_id=emma.student_id, internship=emma, what=W.INTERNSHIP, path="/")
        for i in range(60)
    ])
    client = demo.client_for("schooladmin@uniform.demo")
    url = reverse("audit:student", args=[emma.student_id])
    with CaptureQueriesContext(connection) as grown:
        first = client.get(url).content.decode()
    assert len(grown) <= len(small) <= 15  # flat with data: one query per kind of object linked, never one per row
    assert first.count("<tr>") == 51  # the header and 50 rows
    assert "page=2" in first
    second = client.get(reverse("audit:student", args=[emma.student_id]), {"page": 2}).content.decode()
    assert "Pagina 2 van" in second
