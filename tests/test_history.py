"""Histories people can read (who · when · field: old → new, in the page's language) and the
reasons of corrections and rejections (issue #14)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

from catalogue.models import Indicator, RatingLevel
from childcare.models import Site
from evaluations.models import Evaluation, FeedbackSheet
from internships.models import HourEntry, InternshipEvent

REASON = "De beslissing steunde op een verkeerde datum van het evaluatiegesprek."


def _locked(demo):
    """Emma's midterm evaluation, rated, decided and signed by both (mentor An Vermeulen, teacher
    Sofie Peeters): locked."""
    from evaluations.evaluation import services

    emma = demo.emma_internship
    mentor, teacher = demo.user("mentor@uniform.demo"), demo.user("teacher@uniform.demo")
    evaluation = services.evaluation_start(internship=emma, kind="midterm", by=mentor)
    level = RatingLevel.objects.filter(scale__version=emma.catalogue_version).order_by("value")[2]
    levels = {i.pk: level.pk for i in Indicator.objects.filter(version=emma.catalogue_version)}
    evaluation = services.evaluation_save(evaluation=evaluation, by=mentor, revision=evaluation.revision,
                                          mentor_part={"levels": levels, "remarks": {}, "advice": "Groeit mooi."})
    evaluation = services.evaluation_sign(evaluation=evaluation, by=mentor, password="uniform-demo", as_role="mentor")
    evaluation = services.evaluation_save(evaluation=evaluation, by=teacher, revision=evaluation.revision, school_part={
        "assessment": "Op schema.", "decision": "sufficient", "conversation_date": None, "conversation_present": ""})
    evaluation = services.evaluation_sign(evaluation=evaluation, by=teacher, password="uniform-demo", as_role="teacher")
    assert evaluation.is_locked
    return evaluation


def _history(client, evaluation) -> str:
    response = client.get(reverse("evaluations:evaluation_history", args=[evaluation.internship_id, evaluation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _start(demo, kind="final"):
    emma = demo.emma_internship
    Evaluation.objects.filter(internship=emma, kind=kind, locked_at__isnull=True).delete()
    demo.client_for("mentor@uniform.demo").post(reverse("evaluations:evaluation_start", args=[emma.pk, kind]))
    return Evaluation.objects.filter(internship=emma, kind=kind).order_by("-number").first()


# --------------------------------------------------------------------------- readable histories


def test_evaluation_history_says_which_field_went_from_what_to_what_in_dutch(demo):
    evaluation = _start(demo)
    assert not evaluation.is_locked
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])
    assert teacher.post(url, {"revision": evaluation.revision, "school_assessment": "Groeit gestaag.", "decision": "sufficient",
                              "conversation_date": "", "conversation_present": ""}).status_code == 302
    evaluation.refresh_from_db()
    teacher.post(url, {"revision": evaluation.revision, "school_assessment": "Groeit gestaag.", "decision": "insufficient",
                       "conversation_date": "", "conversation_present": ""})
    html = _history(teacher, evaluation)
    # What changed, by the field's Dutch label; choices by their label, not their code.
    assert "Beslissing van de school:" in html
    assert "voldoende</del> → <ins" in html and "nog onvoldoende</ins>" in html
    assert "nog niet beslist</del> → <ins" in html  # the empty choice by its label too
    assert "Beoordeling van de school:" in html and "Groeit gestaag." in html
    # Who and when, and what happened, in Dutch: no English "Created" / "Changed".
    assert "Sofie Peeters" in html and "gewijzigd" in html and "aangemaakt" in html
    assert "Changed" not in html and "Created" not in html and "insufficient" not in html


def test_the_student_does_not_read_the_schools_part_in_the_history_before_it_is_signed(demo):
    evaluation = _start(demo)
    teacher = demo.client_for("teacher@uniform.demo")
    teacher.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), {
        "revision": evaluation.revision, "school_assessment": "Nog onzeker bij overgangen.", "decision": "insufficient",
        "conversation_date": "", "conversation_present": ""})
    assert "Nog onzeker bij overgangen." in _history(teacher, evaluation)
    student_view = _history(demo.client_for("student@uniform.demo"), evaluation)
    mentor_view = _history(demo.client_for("mentor@uniform.demo"), evaluation)
    for html in (student_view, mentor_view):
        assert "Nog onzeker bij overgangen." not in html and "Beslissing van de school" not in html
        assert "Sofie Peeters" in html  # that somebody saved stays visible, not what


def test_signing_reads_as_who_signed_when(demo):
    locked = _locked(demo)
    html = _history(demo.client_for("mentor@uniform.demo"), locked)
    signed = html[html.index("Ondertekend voor de school door:"):]
    assert "Sofie Peeters</ins>" in signed and "Vergrendeld op:" in signed
    assert "Ondertekend door de mentor:" in html and "An Vermeulen</ins>" in html


def test_history_reads_take_a_fixed_number_of_queries(demo):
    evaluation = _start(demo)
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])

    def save(n):
        evaluation.refresh_from_db()
        teacher.post(url, {"revision": evaluation.revision, "school_assessment": f"Versie {n}", "decision": "",
                           "conversation_date": "", "conversation_present": ""})

    save(0)
    with CaptureQueriesContext(connection) as few:
        _history(teacher, evaluation)
    for n in range(1, 8):
        save(n)
    with CaptureQueriesContext(connection) as many:
        html = _history(teacher, evaluation)
    assert "Versie 6</del> → <ins" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_catalogue_history_shows_the_old_and_the_new_text(demo):
    from catalogue.models import CatalogueVersion

    coordinator = demo.client_for("coordinator@uniform.demo")
    published = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    response = coordinator.post(reverse("catalogue:version_new", args=[published.programme_id]),
                                {"label": "2027-2028", "based_on": published.pk})
    assert response.status_code == 302
    draft = CatalogueVersion.objects.get(programme=published.programme, label="2027-2028")
    indicator = draft.indicators.order_by("pk").first()
    url = reverse("catalogue:indicator", args=[indicator.pk])
    coordinator.post(url, {"revision": indicator.revision, "code": indicator.code, "text": "Eerste formulering", "guidance": ""})
    indicator.refresh_from_db()
    coordinator.post(url, {"revision": indicator.revision, "code": indicator.code, "text": "Nieuwe formulering", "guidance": ""})
    html = coordinator.get(reverse("catalogue:history", args=[draft.pk])).content.decode()
    assert "Gedragsindicator:</span> <del class=\"text-body-secondary\">Eerste formulering</del> → <ins" in html
    assert "Nieuwe formulering</ins>" in html
    assert "Griet Vanhove" in html and "gewijzigd" in html and "Changed" not in html


def test_history_entries_show_labels_choices_links_and_short_texts(demo):
    from web.history import history_entries

    entry = _proposed_day(demo)
    entry.note = "lang " * 59  # 295 characters: the note holds 300
    entry.status = HourEntry.Status.REJECTED
    entry.reject_reason = "Die dag was de opvang gesloten."
    entry.confirmed_by = demo.user("mentor@uniform.demo")
    entry.save()
    with translation.override("nl"):
        [latest, *_] = history_entries(entry.history.all(), exclude=("internship",), reason_field="reject_reason")
        changes = {c.label: (c.old, c.new) for c in latest.changes}
        assert latest.action == "gewijzigd" and latest.reason == "Die dag was de opvang gesloten."
        assert changes["status"] == ("te bevestigen", "afgewezen")
        assert changes["nagekeken door"][1] == "An Vermeulen"
        assert len(changes["notitie"][1]) <= 160 and changes["notitie"][1].endswith("…")
    with translation.override("en"):
        [latest, *_] = history_entries(entry.history.all(), exclude=("internship",), reason_field="reject_reason")
        assert latest.action == "changed" and {c.label for c in latest.changes} >= {"status", "checked by"}


def _historised_fields():
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if model.__name__.startswith("Historical") or history is None or not hasattr(history, "model"):
            continue
        for tracked in history.model.tracked_fields:
            field = model._meta.get_field(tracked.name)
            if field.editable and not field.primary_key:
                yield model, field


def test_every_field_a_history_shows_has_a_dutch_label():
    catalog = trans_real.translation("nl")._catalog
    missing = []
    for model, field in _historised_fields():
        label = field.verbose_name
        if not isinstance(label, Promise) or catalog.get(label._args[0]) is None:
            missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, missing


# --------------------------------------------------------------------------- reasons


def test_a_correction_needs_a_reason_and_everyone_concerned_reads_it(demo):
    locked = _locked(demo)
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("evaluations:evaluation_correct", args=[locked.internship_id, locked.pk])
    # Without a reason: the page again with the message, no correction.
    response = teacher.post(url, {"reason": "   "})
    assert response.status_code == 400 and "Zeg waarom de ondertekende evaluatie een correctie nodig heeft." in response.content.decode()
    assert not Evaluation.objects.filter(revision_of=locked).exists()
    assert teacher.post(url, {"reason": REASON}).status_code == 302
    correction = Evaluation.objects.get(revision_of=locked)
    assert correction.correction_reason == REASON
    page = reverse("evaluations:evaluation_detail", args=[correction.internship_id, correction.pk])
    for email in ("mentor@uniform.demo", "teacher@uniform.demo", "student@uniform.demo"):
        client = demo.client_for(email)
        assert REASON in client.get(page).content.decode(), email
        history = _history(client, correction)
        assert "Reden:" in history and REASON in history, email
    # The signed version says that it was corrected, and why; the timeline too.
    signed = teacher.get(reverse("evaluations:evaluation_detail", args=[locked.internship_id, locked.pk])).content.decode()
    assert REASON in signed
    assert InternshipEvent.objects.filter(internship=locked.internship, text__contains=REASON).exists()


def _proposed_day(demo):
    emma = demo.emma_internship
    day = max(emma.start_date, timezone.localdate() - timedelta(days=1))
    HourEntry.objects.filter(internship=emma, date=day).delete()
    student = demo.client_for("student@uniform.demo")
    assert student.post(reverse("internships:hours_add", args=[emma.pk]), {"date": day.isoformat(), "hours": "9"}).status_code == 302
    return HourEntry.objects.get(internship=emma, date=day)


def test_rejecting_hours_needs_a_reason_that_the_student_reads(demo):
    from web.history import history_entries

    entry = _proposed_day(demo)
    emma = entry.internship
    mentor = demo.client_for("mentor@uniform.demo")
    url = reverse("internships:hours_decide", args=[emma.pk, entry.pk])
    response = mentor.post(url, {"decision": "reject", "reason": ""}, follow=True)
    assert "Zeg waarom je deze uren afwijst" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "proposed"
    mentor.post(url, {"decision": "reject", "reason": "Je was die dag maar tot de middag."})
    entry.refresh_from_db()
    assert entry.status == "rejected" and entry.reject_reason == "Je was die dag maar tot de middag."
    # The student, on the hours of the internship: the day is rejected, and why, and by whom.
    page = demo.client_for("student@uniform.demo").get(reverse("internships:detail", args=[emma.pk])).content.decode()
    assert "Reden:</span> Je was" in page and "Je was die dag maar tot de middag." in page and "An Vermeulen" in page
    # The internship's timeline and the day's history keep the reason.
    assert InternshipEvent.objects.filter(internship=emma, kind="hours", text__contains="Je was die dag maar tot de middag.").exists()
    [latest, *_] = history_entries(entry.history.all(), reason_field="reject_reason")
    assert latest.reason == "Je was die dag maar tot de middag." and latest.who.email == "mentor@uniform.demo"


def test_the_mentor_reads_why_the_coach_sent_a_sheet_back_on_the_sheet_and_the_home(demo):
    emma = demo.emma_internship
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    mentor, coach = demo.client_for("mentor@uniform.demo"), demo.client_for("coach@uniform.demo")
    FeedbackSheet.objects.filter(internship=emma, status="draft").delete()
    mentor.post(reverse("feedback:sheet_new", args=[emma.pk]))
    sheet = FeedbackSheet.objects.get(internship=emma, status="draft")
    data = {"revision": sheet.revision, "date": sheet.date.isoformat(), "strengths": "Warm onthaal", "work_points": "", "agreements": ""}
    assert mentor.post(reverse("feedback:sheet_submit", args=[emma.pk, sheet.pk]), data).status_code == 302
    reason = "Schrijf bij de werkpunten wat Emma concreet kan oefenen."
    coach.post(reverse("feedback:sheet_review", args=[emma.pk, sheet.pk]), {"comment": reason, "decision": "return"})
    sheet.refresh_from_db()
    assert sheet.status == "draft"
    home = mentor.get(reverse("home")).content.decode()
    assert "teruggestuurd door de coach" in home and reason in home and "Lotte Maes" in home
    page = mentor.get(reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk])).content.decode()
    assert "Lotte Maes stuurde dit blad terug op" in page and reason in page
    # The sheet's course says who sent it back, and why.
    course = page[page.index("Verloop van dit blad"):]
    assert "Lotte Maes" in course and "bij de coach</del> → <ins" in course and reason in course
    # Once shared, the student reads the sheet and its course, never the coach's reason.
    sheet.refresh_from_db()
    data["revision"] = sheet.revision
    mentor.post(reverse("feedback:sheet_submit", args=[emma.pk, sheet.pk]), data)
    coach.post(reverse("feedback:sheet_review", args=[emma.pk, sheet.pk]), {"comment": "", "decision": "approve"})
    sheet.refresh_from_db()
    assert sheet.status == "shared"
    student = demo.client_for("student@uniform.demo")
    shared = student.get(reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk])).content.decode()
    assert "Verloop van dit blad" in shared and "gedeeld</ins>" in shared
    assert reason not in shared and reason not in student.get(reverse("home")).content.decode()


@pytest.mark.parametrize("email", ["teacher@uniform.demo", "mentor@uniform.demo"])
def test_no_history_page_speaks_english_in_the_dutch_ui(demo, email):
    locked = _locked(demo)
    html = _history(demo.client_for(email), locked)
    for english in ("Created", "Changed", "Deleted", "mentor signed at", "locked at"):
        assert english not in html


def test_the_pdf_of_a_correction_says_why_it_was_made(demo):
    import io
    import re

    from pypdf import PdfReader

    locked = _locked(demo)
    teacher = demo.client_for("teacher@uniform.demo")
    teacher.post(reverse("evaluations:evaluation_correct", args=[locked.internship_id, locked.pk]), {"reason": REASON})
    correction = Evaluation.objects.get(revision_of=locked)
    response = demo.client_for("student@uniform.demo").get(reverse("reports:evaluation", args=[correction.pk]))
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
    assert "Reden van de correctie" in text and "verkeerde datum van het evaluatiegesprek" in text
