"""Issue #13: what comes in (a request, an uploaded file) and what goes out (CSV, XLSX, .ics).

* A NUL byte in a request was a 500 on PostgreSQL (which refuses NUL in any string): every value
  of ``request.GET`` and ``request.POST`` now passes ``web.params.text`` (CleanInputMiddleware).
  ``tests/test_every_parameter.py`` sends NUL and other control characters to every parameter of
  every page; here the seven endpoints of the report. Run on PostgreSQL to see the 500 itself
  (``DATABASE_URL=postgres://...``); CI does.
* CSV cells that a spreadsheet takes for a formula are quoted, and the import takes the quote off.
* XLSX export never fails on control characters; imports drop them.
* The calendar file escapes line breaks: a title cannot add a line (a property) to the calendar.
* Names lose bidi override characters, from a form and from an imported file.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import access
from catalogue import io as catalogue_io
from catalogue.models import CatalogueVersion, Cluster, Indicator
from childcare.models import Site
from evaluations.models import Evaluation, FeedbackSheet
from schools.models import Student
from tenancy.models import Invitation
from training.models import Course
from web import cells, params

RLO = "\u202e"


# --------------------------------------------------------------------------- the cleaning itself


def test_text_drops_controls_and_bidi_but_keeps_line_breaks_and_letters():
    assert params.text("a\x00b\x01c\x1bd\x7fe") == "abcde"
    assert params.text("regel 1\r\nregel 2\tkolom") == "regel 1\r\nregel 2\tkolom"
    assert params.text(f"{RLO}evlA\u2066x\u2069\u202a\u202c") == "evlAx"
    assert params.text("Zoë Özkan – ’t Nestje \u200f") == "Zoë Özkan – ’t Nestje \u200f"  # marks and letters stay
    assert params.text(None) == ""


def test_get_text_reads_one_parameter_clean_stripped_and_bounded():
    from django.http import QueryDict

    query = QueryDict("q=%20a%00b%E2%80%AE%20&long=" + "x" * 300)
    assert params.get_text(query, "q") == "ab"
    assert params.get_text(query, "missing", "none") == "none"
    assert len(params.get_text(query, "long")) == 200


# --------------------------------------------------------------------------- NUL on the seven endpoints


def _shared_sheet(demo, *, review: bool = False) -> FeedbackSheet:
    internship = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    if review:
        Site.objects.filter(pk=internship.site_id).update(coach_review=True)
    FeedbackSheet.objects.filter(internship=internship, status="draft").delete()
    assert mentor.post(reverse("feedback:sheet_new", args=[internship.pk])).status_code == 302
    sheet = FeedbackSheet.objects.get(internship=internship, status="draft")
    data = {"revision": sheet.revision, "date": sheet.date.isoformat(), "strengths": "Warm onthaal",
            "work_points": "", "agreements": ""}
    assert mentor.post(reverse("feedback:sheet_submit", args=[internship.pk, sheet.pk]), data).status_code == 302
    sheet.refresh_from_db()
    return sheet


def test_nul_in_the_search_of_invitations_and_of_a_group(demo):
    coordinator = demo.client_for("coordinator@uniform.demo")
    for query in ({"q": "an\x00"}, {"status": "\x00"}, {"student": "\x00"}):
        assert coordinator.get(reverse("invitations"), query).status_code == 200, query
    teacher = demo.client_for("teacher@uniform.demo")
    group = access.groups_visible_to(demo.user("teacher@uniform.demo")).order_by("pk").first()
    response = teacher.get(reverse("schools:group", args=[group.pk]), {"q": "Em\x00ma"})
    assert response.status_code == 200 and "Emma" in response.content.decode()  # the search is "Emma"


def test_nul_in_a_sheet_save_is_saved_without_it(demo):
    internship = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    FeedbackSheet.objects.filter(internship=internship, status="draft").delete()
    mentor.post(reverse("feedback:sheet_new", args=[internship.pk]))
    sheet = FeedbackSheet.objects.get(internship=internship, status="draft")
    data = {"revision": sheet.revision, "date": sheet.date.isoformat(), "strengths": "Sterk\x00 in\x01 taal",
            "work_points": f"Rust{RLO}", "agreements": ""}
    response = mentor.post(reverse("feedback:sheet_save", args=[internship.pk, sheet.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    sheet.refresh_from_db()
    assert (sheet.strengths, sheet.work_points) == ("Sterk in taal", "Rust")


def test_nul_in_a_review_a_reflection_and_an_addendum(demo):
    sheet = _shared_sheet(demo, review=True)
    url = {name: reverse(f"feedback:{name}", args=[sheet.internship_id, sheet.pk])
           for name in ("sheet_review", "sheet_reflect", "sheet_addendum")}
    coach = demo.client_for("coach@uniform.demo")
    assert coach.post(url["sheet_review"], {"comment": "Goed\x00", "decision": "approve\x00"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "shared" and sheet.coach_comment == "Goed"
    student = demo.client_for("student@uniform.demo")
    assert student.post(url["sheet_reflect"], {"reflection": "Ik\x00 leer"}).status_code == 302
    mentor = demo.client_for("mentor@uniform.demo")
    assert mentor.post(url["sheet_addendum"], {"text": "Correctie\x00"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.reflection == "Ik leer" and sheet.addenda.get().text == "Correctie"


def test_nul_in_an_evaluation_save(demo):
    internship = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    Evaluation.objects.filter(internship=internship).delete()
    assert mentor.post(reverse("evaluations:evaluation_start", args=[internship.pk, "midterm"])).status_code == 302
    evaluation = Evaluation.objects.get(internship=internship, kind="midterm")
    url = reverse("evaluations:evaluation_save", args=[internship.pk, evaluation.pk])
    response = mentor.post(url, {"revision": evaluation.revision, "mentor_advice": "Blijf\x00 oefenen"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Blijf oefenen"


# --------------------------------------------------------------------------- CSV and XLSX


FORMULAS = ["=HYPERLINK(\"http://x.example\",\"klik\")", "+32 11 22 33 44", "-1 punt", "@SUM(A1:A9)",
            "\tingesprongen", "'=al met een quote", "'t Nestje", "gewoon"]


@pytest.fixture
def draft(demo):
    from tests.test_catalogue_editor import _new_draft

    published = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    return _new_draft(demo.client_for("coordinator@uniform.demo"), published, label="met formules")


def _formula_indicators(version):
    indicators = list(Indicator.objects.filter(cluster__version=version).order_by("cluster__order", "order")[:len(FORMULAS)])
    for indicator, text in zip(indicators, FORMULAS, strict=True):
        Indicator.objects.filter(pk=indicator.pk).update(text=text, guidance=text)
    Cluster.objects.filter(pk=indicators[0].cluster_id).update(title="=1+1")
    return indicators


def test_csv_export_quotes_formula_cells_and_reimports_them_unchanged(demo, draft):
    coordinator = demo.client_for("coordinator@uniform.demo")
    _formula_indicators(draft)
    raw = coordinator.get(reverse("catalogue:export", args=[draft.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    cells_out = {cell for row in rows[1:] for cell in row}
    for dangerous in ("=", "+", "-", "@", "\t", "\r"):
        assert not [cell for cell in cells_out if cell.startswith(dangerous)], dangerous
    assert "'=1+1" in cells_out and "'+32 11 22 33 44" in cells_out and "''=al met een quote" in cells_out
    assert "'t Nestje" in cells_out and "gewoon" in cells_out  # only what a spreadsheet would compute
    upload = SimpleUploadedFile("catalogus.csv", raw)
    response = coordinator.post(reverse("catalogue:import", args=[draft.programme_id]), {"label": "terug", "file": upload})
    assert response.status_code == 302
    copy = CatalogueVersion.objects.get(programme=draft.programme, label="terug")
    assert catalogue_io.export_rows(copy) == catalogue_io.export_rows(draft)


def test_csv_cell_and_back_for_every_start():
    for value in [*FORMULAS, "", "'", "''", "'-", "''-x", "=", "x=1"]:
        assert cells.from_csv_cell(cells.csv_cell(value)) == value, value
        assert not cells.csv_cell(value).startswith(cells.FORMULA_STARTS), value


def test_xlsx_export_with_control_characters_does_not_fail(demo, draft):
    coordinator = demo.client_for("coordinator@uniform.demo")
    indicator = Indicator.objects.filter(cluster__version=draft).first()
    Indicator.objects.filter(pk=indicator.pk).update(text="Zegt\x01 goeiedag\x1b", guidance="=SUM(1)\x0b")
    response = coordinator.get(reverse("catalogue:export", args=[draft.pk, "xlsx"]))
    assert response.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Zegt goeiedag" in values and "=SUM(1)" in values
    assert ws.cell(row=values.index("=SUM(1)") // 5 + 1, column=5).data_type == "s"  # text, not a formula


def test_imports_drop_control_and_bidi_characters(demo, draft):
    coordinator = demo.client_for("coordinator@uniform.demo")
    header = ";".join(catalogue_io.ROW_COLUMNS)
    raw = f"{header}\r\n1;Hou\x01ding;1.1;Is{RLO} stipt\x1b.;\x00uitleg\r\n".encode()
    response = coordinator.post(reverse("catalogue:import", args=[draft.programme_id]),
                                {"label": "schoon", "file": SimpleUploadedFile("c.csv", raw)})
    assert response.status_code == 302
    indicator = Indicator.objects.get(cluster__version__label="schoon")
    assert (indicator.cluster.title, indicator.text, indicator.guidance) == ("Houding", "Is stipt.", "uitleg")


# --------------------------------------------------------------------------- calendar


def test_a_line_break_in_a_title_or_location_adds_no_line_to_the_calendar(demo):
    mentor = demo.user("mentor@uniform.demo")
    course = Course.objects.filter(registrations__user=mentor, registrations__status="confirmed", sessions__isnull=False).first()
    assert course is not None, "the demo registers An Vermeulen for a course"
    injected = ("Mentoropleiding\rATTENDEE:mailto:x@evil.example\rBEGIN:VALARM",
                "Hasselt\r\nATTENDEE;CN=Y:mailto:y@evil.example\n\rORGANIZER:mailto:z@evil.example",
                "Uitleg;met,tekens\\en\x1bcontrole")
    Course.objects.filter(pk=course.pk).update(title=injected[0], location=injected[1], description=injected[2])
    body = demo.client_for("mentor@uniform.demo").get(reverse("training:calendar")).content.decode()
    lines = body.split("\r\n")
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    unfolded = []
    for line in lines:
        if line.startswith(" ") and unfolded:
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    assert not [line for line in unfolded if line.startswith(("ATTENDEE", "ORGANIZER", "BEGIN:VALARM"))]
    assert "SUMMARY:Mentoropleiding\\nATTENDEE:mailto:x@evil.example\\nBEGIN:VALARM" in unfolded
    assert "DESCRIPTION:Uitleg\\;met\\,tekens\\\\encontrole" in unfolded
    assert all(len(line.encode()) <= 75 for line in lines)


# --------------------------------------------------------------------------- names


def test_bidi_overrides_are_dropped_from_imported_names(demo):
    from tests.test_schools import _confirm, _csv, _upload

    admin = demo.client_for("schooladmin@uniform.demo")
    school = access.managed_schools(demo.user("schooladmin@uniform.demo")).order_by("pk").first()
    content = _csv([[f"{RLO}anI", "Smeets\u2066\u2069", "", "7BKO-A", ""]])
    preview = _upload(admin, school, content)
    assert _confirm(admin, school, preview).status_code == 302
    student = Student.objects.get(school=school, last_name="Smeets", first_name="anI")
    assert RLO not in student.full_name


def test_bidi_overrides_are_dropped_from_names_typed_in_forms(demo):
    admin = demo.client_for("schooladmin@uniform.demo")
    group = access.groups_visible_to(demo.user("schooladmin@uniform.demo")).order_by("pk").first()
    response = admin.post(reverse("schools:student_add", args=[group.pk]),
                          {"first_name": f"{RLO}anI", "last_name": "Peeters\x00", "email": "", "group": group.pk})
    assert response.status_code == 302
    assert Student.objects.filter(first_name="anI", last_name="Peeters").exists()
    coordinator = demo.client_for("coordinator@uniform.demo")
    page = coordinator.get(reverse("invitations"))
    target = page.context["form"].fields["target"].choices[1][0]
    coordinator.post(reverse("invitations"), {"target": target, "email": "nieuw@example.org", "full_name": f"Jan{RLO} Bos"})
    assert Invitation.objects.get(email="nieuw@example.org").full_name == "Jan Bos"
