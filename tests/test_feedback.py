"""Feedback sheets: the mentor writes (autosave, no lost update), submits; coach review; the
student reads and reflects; the teacher follows; bad input never hurts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Indicator, RatingLevel
from childcare.models import Site
from evaluations.models import FeedbackSheet


@pytest.fixture
def mentor(demo):
    return demo.client_for("mentor@uniform.demo")


def _new_sheet(mentor, internship):
    FeedbackSheet.objects.filter(internship=internship, status="draft").delete()
    response = mentor.post(reverse("feedback:sheet_new", args=[internship.pk]))
    assert response.status_code == 302
    return FeedbackSheet.objects.get(internship=internship, status="draft")


def _form(sheet, ratings=None, **texts):
    data = {"revision": sheet.revision, "date": sheet.date.isoformat(), "strengths": "", "work_points": "", "agreements": ""}
    data.update(texts)
    for indicator, level, remark in ratings or []:
        data[f"level-{indicator.pk}"] = level.pk if level else ""
        data[f"remark-{indicator.pk}"] = remark
    return data


def _eight(internship):
    indicators = list(Indicator.objects.filter(version=internship.catalogue_version).order_by("cluster__order", "order")[:8])
    levels = list(RatingLevel.objects.filter(scale__version=internship.catalogue_version).order_by("value"))
    return [(ind, levels[n % len(levels)], "Goed gezien" if n == 0 else "") for n, ind in enumerate(indicators)]


def test_acceptance_mentor_rates_submits_student_reflects_teacher_sees(demo, mentor):
    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    page = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk]))
    assert page.status_code == 200 and b"seg-btn" in page.content
    ratings = _eight(emma)
    response = mentor.post(reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk]),
                           _form(sheet, ratings, work_points="Kondig overgangen vooraf aan."), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "✓" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.ratings.count() == 8 and sheet.work_points == "Kondig overgangen vooraf aan."
    # Reload mid-way: everything is there.
    html = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert "Kondig overgangen vooraf aan." in html and html.count(" checked>") >= 8 and "Goed gezien" in html
    # The student sees nothing of a draft.
    student = demo.client_for("student@uniform.demo")
    assert student.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).status_code == 404
    response = mentor.post(reverse("feedback:sheet_submit", args=[sheet.internship_id, sheet.pk]), _form(sheet, ratings, work_points="Kondig overgangen vooraf aan."))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "shared"
    # Submitted: the mentor can no longer edit it.
    assert mentor.post(reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk]), _form(sheet)).status_code == 403
    # The teacher is told it is new, then reads it.
    teacher = demo.client_for("teacher@uniform.demo")
    assert "new feedback sheet" in teacher.get(reverse("home")).content.decode() or "nieuw feedbackblad" in teacher.get(reverse("home")).content.decode()
    # The student reads and reflects.
    page = student.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert "Kondig overgangen vooraf aan." in page and "Goed gezien" in page
    student.post(reverse("feedback:sheet_reflect", args=[sheet.internship_id, sheet.pk]), {"reflection": "Ik ga het opruimen aankondigen."})
    sheet.refresh_from_db()
    assert sheet.reflection == "Ik ga het opruimen aankondigen."
    # The teacher sees both on the internship's timeline.
    hub = teacher.get(reverse("internships:detail", args=[emma.pk])).content.decode()
    assert reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk]) in hub
    read = teacher.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert "Ik ga het opruimen aankondigen." in read


def test_two_saves_of_the_same_draft_conflict_and_keep_both_texts(demo, mentor):
    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    loaded = _form(sheet)
    assert mentor.post(url, {**loaded, "strengths": "Tekst uit tab één"}).status_code == 302
    second = mentor.post(url, {**loaded, "strengths": "Tekst uit tab twee"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Tekst uit tab één" in html and "Tekst uit tab twee" in html
    sheet.refresh_from_db()
    assert sheet.strengths == "Tekst uit tab één"
    # With htmx (autosave) the conflict is reported in the save bar, nothing is overwritten.
    htmx = mentor.post(url, {**loaded, "strengths": "Tekst uit tab twee"}, HTTP_HX_REQUEST="true")
    assert "Tekst uit tab één" in htmx.content.decode() and "alert-danger" in htmx.content.decode()
    # Keeping one's own version is a deliberate second step.
    sheet.refresh_from_db()
    mentor.post(url, {**loaded, "strengths": "Tekst uit tab twee", "overwrite": sheet.revision})
    sheet.refresh_from_db()
    assert sheet.strengths == "Tekst uit tab twee"
    assert sheet.history.filter(strengths="Tekst uit tab één").exists()  # the other text stays in the history


def test_coach_review_holds_the_sheet_until_approved(demo, mentor):
    emma = demo.emma_internship
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    sheet = _new_sheet(mentor, emma)
    mentor.post(reverse("feedback:sheet_submit", args=[sheet.internship_id, sheet.pk]), _form(sheet, _eight(emma)[:2], strengths="Warm onthaal"))
    sheet.refresh_from_db()
    assert sheet.status == "in_review"
    student, teacher, coach = (demo.client_for(e) for e in ("student@uniform.demo", "teacher@uniform.demo", "coach@uniform.demo"))
    url = reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])
    assert student.get(url).status_code == 404 and teacher.get(url).status_code == 404
    assert "Warm onthaal" in coach.get(url).content.decode()
    queue = coach.get(reverse("feedback:review_queue")).content.decode()
    assert "Emma Aerts" in queue
    coach.post(reverse("feedback:sheet_review", args=[sheet.internship_id, sheet.pk]), {"comment": "Mooi, maar wees concreter.", "decision": "approve"})
    sheet.refresh_from_db()
    assert sheet.status == "shared"
    page = student.get(url).content.decode()
    assert "Warm onthaal" in page and "wees concreter" not in page  # the coach's comment is for the mentor
    assert "wees concreter" in mentor.get(url).content.decode()


def test_coach_can_send_back_and_edit_drafts_where_review_is_on(demo, mentor):
    emma = demo.emma_internship
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    sheet = _new_sheet(mentor, emma)
    coach = demo.client_for("coach@uniform.demo")
    assert coach.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).status_code == 200
    assert coach.post(reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk]), _form(sheet, strengths="Aangevuld door de coach")).status_code == 302
    sheet.refresh_from_db()
    mentor.post(reverse("feedback:sheet_submit", args=[sheet.internship_id, sheet.pk]), _form(sheet, strengths="Aangevuld door de coach"))
    # Sending back without saying why is refused (QA walkthrough): the mentor would not know what to change.
    empty = coach.post(reverse("feedback:sheet_review", args=[sheet.internship_id, sheet.pk]), {"comment": "  ", "decision": "return"}, follow=True)
    assert "Schrijf de mentor wat er moet veranderen" in empty.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "in_review"
    coach.post(reverse("feedback:sheet_review", args=[sheet.internship_id, sheet.pk]), {"comment": "Nog een werkpunt toevoegen", "decision": "return"})
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.coach_comment == "Nog een werkpunt toevoegen"
    assert "Nog een werkpunt toevoegen" in mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()


def test_bad_input_is_refused_with_a_message_never_a_500(demo, mentor):
    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    antwerpen = Indicator.objects.exclude(version=emma.catalogue_version).first()
    level = RatingLevel.objects.filter(scale__version=emma.catalogue_version).first()
    foreign_level = RatingLevel.objects.exclude(scale__version=emma.catalogue_version).first()
    own = Indicator.objects.filter(version=emma.catalogue_version).first()
    for data in [
        {f"level-{antwerpen.pk}": level.pk},  # an indicator of another catalogue version
        {f"level-{own.pk}": foreign_level.pk},  # a level not on this scale
        {f"level-{own.pk}": "abc"},
        {f"remark-{own.pk}": "x" * 20000},  # 20,000 characters
        {"strengths": "x" * 20000},
        {"date": "gisteren"},
        {"date": "1999-01-01"},
        {"revision": "oud"},
    ]:
        response = mentor.post(url, {**_form(sheet), **data})
        assert response.status_code == 400, data
        assert "alert-danger" in response.content.decode()
        sheet.refresh_from_db()
        assert sheet.ratings.count() == 0
    # Someone else's intern's sheet: 404.
    assert demo.client_for("mentor2@uniform.demo").post(url, _form(sheet)).status_code == 404


def test_tapping_the_chosen_level_again_clears_it(demo, mentor):
    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    indicator, level, _remark = _eight(emma)[0]
    mentor.post(url, _form(sheet, [(indicator, level, "")]))
    sheet.refresh_from_db()
    assert sheet.ratings.count() == 1
    mentor.post(url, _form(sheet, [(indicator, None, "")]))  # the "–" choice (or the un-tap)
    sheet.refresh_from_db()
    assert sheet.ratings.count() == 0


def test_open_points_of_the_previous_sheet_can_be_carried_forward(demo, mentor):
    emma = demo.emma_internship
    previous = emma.feedback_sheets.filter(status="shared").order_by("-date").first()
    sheet = _new_sheet(mentor, emma)
    page = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert previous.work_points[:30] in page
    mentor.post(reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk]), {**_form(sheet), "carry": "1"})
    sheet.refresh_from_db()
    assert previous.work_points in sheet.work_points and previous.agreements in sheet.agreements


def test_addendum_is_shown_as_such(demo, mentor):
    shared = demo.emma_internship.feedback_sheets.filter(status="shared").first()
    mentor.post(reverse("feedback:sheet_addendum", args=[shared.internship_id, shared.pk]), {"text": "Correctie: het was dinsdag."})
    page = demo.client_for("student@uniform.demo").get(reverse("feedback:sheet_detail", args=[shared.internship_id, shared.pk])).content.decode()
    assert "Correctie: het was dinsdag." in page and "addendum" in page


@pytest.mark.parametrize("email", ["mentor2@uniform.demo", "teacher2@uniform.demo", "mentor@other.demo", "teacher@other.demo",
                                   "student@other.demo", "coordinator@other.demo", "coordinator@uniform.demo"])
def test_outsiders_get_404_on_every_sheet(demo, email):
    client = demo.client_for(email)
    for sheet in demo.emma_internship.feedback_sheets.all():
        assert client.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).status_code == 404
        assert client.post(reverse("feedback:sheet_reflect", args=[sheet.internship_id, sheet.pk]), {"reflection": "x"}).status_code == 404
    assert client.post(reverse("feedback:sheet_new", args=[demo.emma_internship.pk])).status_code == 404


def test_feedback_page_is_small_and_fast_in_queries_with_a_big_catalogue(demo, mentor):
    from catalogue.services import cluster_add, indicator_add, version_create_draft, version_publish

    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    url = reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])
    with CaptureQueriesContext(connection) as small:
        response = mentor.get(url)
    assert len(response.content) < 300_000
    # A 70-indicator version: the page still makes the same number of queries.
    published = emma.catalogue_version
    bigger = version_create_draft(programme=published.programme, label="groot", based_on=published)
    extra = cluster_add(version=bigger, title="Extra")
    for n in range(20):
        indicator_add(cluster=extra, text=f"Extra gedrag {n}")
    version_publish(version=bigger)
    emma.catalogue_version = bigger
    emma.save()
    with CaptureQueriesContext(connection) as large:
        response = mentor.get(url)
    assert Indicator.objects.filter(version=bigger).count() == 70
    assert len(large.captured_queries) == len(small.captured_queries) <= 15
    assert len(response.content) < 300_000


def test_home_offers_a_new_sheet_and_continues_an_open_draft(demo, mentor):
    emma = demo.emma_internship
    html = mentor.get(reverse("home")).content.decode()
    assert reverse("feedback:sheet_new", args=[emma.pk]) in html
    draft = emma.feedback_sheets.filter(status="draft").first()
    response = mentor.post(reverse("feedback:sheet_new", args=[emma.pk]))
    assert response["Location"] == reverse("feedback:sheet_detail", args=[draft.internship_id, draft.pk])  # the open draft, not a second one
    assert FeedbackSheet.objects.filter(internship=emma, status="draft").count() == 1
    assert timezone.localdate() >= draft.date


def test_a_sheet_about_a_whole_week(demo, mentor):
    """screens.md: a feedback sheet is about a day or a week. The end day is optional, after
    the first day, at most two weeks later; it shows on the sheet, the hub and the PDF."""
    from datetime import timedelta

    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    monday = emma.start_date
    friday = monday + timedelta(days=4)
    page = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert 'name="date_end"' in page
    for bad, message in ((monday.isoformat(), "De laatste dag moet na de eerste dag komen."),
                         ((monday + timedelta(days=20)).isoformat(), "hoogstens 14 dagen"),
                         ("vrijdag", "Geef een geldige datum.")):
        sheet.refresh_from_db()
        response = mentor.post(url, _form(sheet, date=monday.isoformat(), date_end=bad, strengths="Mijn tekst"))
        assert response.status_code == 400 and message in response.content.decode(), bad
        assert "Mijn tekst" in response.content.decode()  # what was typed stays
    sheet.refresh_from_db()
    assert sheet.date_end is None
    assert mentor.post(url, _form(sheet, date=monday.isoformat(), date_end=friday.isoformat())).status_code == 302
    sheet.refresh_from_db()
    assert (sheet.date, sheet.date_end) == (monday, friday)
    # A save from a form without the field (an older open tab) keeps the week; an empty field clears it.
    data = _form(sheet, date=monday.isoformat())
    assert mentor.post(url, data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.date_end == friday
    hub = mentor.get(reverse("internships:detail", args=[emma.pk])).content.decode()
    assert f"{friday.day} " in hub and " – " in hub
    assert mentor.post(url, _form(sheet, date=monday.isoformat(), date_end="")).status_code == 302
    sheet.refresh_from_db()
    assert sheet.date_end is None


def test_a_sheet_under_another_internship_is_404_even_when_both_are_visible(demo):
    """The URL names the internship: a sheet reached under another one (that the teacher also
    sees) is not found, for reading and for writing."""
    from internships.models import Internship

    teacher = demo.client_for("teacher@uniform.demo")
    sheet = demo.emma_internship.feedback_sheets.filter(status="shared").first()
    other = Internship.objects.filter(teacher=demo.emma_internship.teacher).exclude(pk=sheet.internship_id).first()
    assert teacher.get(reverse("feedback:sheet_detail", args=[other.pk, sheet.pk])).status_code == 404
    assert teacher.post(reverse("feedback:sheet_addendum", args=[other.pk, sheet.pk]), {"text": "x"}).status_code == 404
    assert teacher.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).status_code == 200


def test_the_sheet_form_is_built_from_the_pinned_catalogue_outline(demo):
    """One level and one remark per indicator of the internship's version, levels of its scale;
    the form types what was posted (pk as int, blank as none) and leaves the rules to the service."""
    from evaluations.feedback import selectors
    from evaluations.feedback.forms import SheetForm
    from evaluations.feedback.services import KEEP

    emma = demo.emma_internship
    sheet = emma.feedback_sheets.first()
    indicators = list(Indicator.objects.filter(version=emma.catalogue_version))
    level = RatingLevel.objects.filter(scale__version=emma.catalogue_version).first()
    first, second = indicators[0], indicators[1]
    form = SheetForm({"revision": "3", "date": "2026-03-02", f"level-{first.pk}": str(level.pk), f"level-{second.pk}": "",
                      f"remark-{second.pk}": "Nog niet gezien", "strengths": "x" * 6000}, outline=selectors.outline(sheet))
    assert {f"level-{i.pk}" for i in indicators} <= set(form.fields) and {f"remark-{i.pk}" for i in indicators} <= set(form.fields)
    assert form.is_valid(), form.errors
    arguments = form.save_arguments()
    assert arguments["revision"] == 3 and arguments["day_end"] is KEEP and arguments["strengths"] == "x" * 6000  # the service checks lengths
    assert arguments["ratings"][first.pk] == (level.pk, "") and arguments["ratings"][second.pk] == (None, "Nog niet gezien")
    assert len(arguments["ratings"]) == len(indicators)


def test_garbage_in_a_sheet_is_the_page_again_with_a_message_and_what_was_typed(demo, mentor):
    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    indicator, level, _remark = _eight(emma)[0]
    typed = {f"level-{indicator.pk}": level.pk, f"remark-{indicator.pk}": "Mijn opmerking", "strengths": "Mijn sterkte"}
    for garbage, message in [({"level-abc": "x"}, "andere catalogusversie"), ({"level-99999": "7"}, "andere catalogusversie"),
                             ({"date": "2026-13-45"}, "Geef een geldige datum."), ({"revision": "abc"}, "pagina is verouderd"),
                             ({f"level-{indicator.pk}": "7" * 12}, "niet op de schaal")]:  # a NUL is no garbage: dropped on the way in (test_input_hygiene.py)
        response = mentor.post(url, {**_form(sheet), **typed, **garbage})
        html = response.content.decode()
        assert response.status_code == 400, garbage
        assert "alert-danger" in html and message in html, garbage
        if "strengths" not in garbage:
            assert "Mijn sterkte" in html and "Mijn opmerking" in html, garbage  # nothing typed is lost
        if f"level-{indicator.pk}" not in garbage:
            assert f'value="{level.pk}" checked' in html, garbage
        sheet.refresh_from_db()
        assert sheet.ratings.count() == 0 and sheet.strengths == ""
        # Autosave (htmx) says it in the save bar.
        bar = mentor.post(url, {**_form(sheet), **typed, **garbage}, HTTP_HX_REQUEST="true")
        assert bar.status_code == 200 and "alert-danger" in bar.content.decode() and message in bar.content.decode(), garbage
    # The same post without the garbage is saved.
    assert mentor.post(url, {**_form(sheet), **typed}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.strengths == "Mijn sterkte" and sheet.ratings.get().remark == "Mijn opmerking"


def test_a_garbled_review_or_reflection_is_a_message_and_changes_nothing(demo, mentor):
    emma = demo.emma_internship
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    sheet = _new_sheet(mentor, emma)
    mentor.post(reverse("feedback:sheet_submit", args=[sheet.internship_id, sheet.pk]), _form(sheet, strengths="Warm onthaal"))
    coach = demo.client_for("coach@uniform.demo")
    response = coach.post(reverse("feedback:sheet_review", args=[sheet.internship_id, sheet.pk]), {"comment": "Goed", "decision": "bogus"}, follow=True)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "in_review"  # an unknown decision approves nothing
    coach.post(reverse("feedback:sheet_review", args=[sheet.internship_id, sheet.pk]), {"comment": "Goed", "decision": "approve"})
    sheet.refresh_from_db()
    assert sheet.status == "shared"
    student = demo.client_for("student@uniform.demo")
    # A NUL (PostgreSQL refuses it) is dropped on the way in, never a 500 (issue #13).
    student.post(reverse("feedback:sheet_reflect", args=[sheet.internship_id, sheet.pk]), {"reflection": "a\x00b"})
    sheet.refresh_from_db()
    assert sheet.reflection == "ab"


def test_submitting_asks_once_naming_what_is_shared_in_dutch_with_plurals(demo, mentor):
    """Issue #14: "Indienen" asks one question that says what is about to be shared; the page
    has it ready, and each autosave brings it up to date (the save bar's answer replaces it)."""
    import html as html_lib

    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    total = Indicator.objects.filter(version=emma.catalogue_version).count()
    page = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert 'id="submit-dialog"' in page and "<dialog" in page
    assert f"0 van {total} gedragsindicatoren beoordeeld, geen sterktes, geen werkpunten — delen met de stagiair en de stagebegeleider?" in html_lib.unescape(page)
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    one = _eight(emma)[:1]
    bar = mentor.post(url, _form(sheet, one, strengths="Rustig bij het onthaal.", work_points="Overgangen aankondigen.\n\nLuid en duidelijk.",
                                 agreements="Morgen het fruitmoment."), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="submit-question" hx-swap-oob="true"' in bar
    assert (f"1 van {total} gedragsindicatoren beoordeeld, 1 sterkte, 2 werkpunten, 1 afspraak — delen met de stagiair en de "
            "stagebegeleider?") in html_lib.unescape(bar)
    # With coach review at the site, the question says the coach reads it first.
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    page = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert "— naar de coach sturen, die het leest voor de stagiair en de stagebegeleider?" in html_lib.unescape(page)
    assert "Naar de coach sturen</button>" in page


def test_enter_in_a_field_presses_a_plain_save_not_carry_forward(demo, mentor):
    """Issue #14: without JavaScript, Enter in a field presses the form's first submit button;
    that was "carry these forward". Now the first is a plain save."""
    import re

    emma = demo.emma_internship
    sheet = _new_sheet(mentor, emma)
    page = mentor.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    form = page[page.index('id="sheet-form"'):]
    first = re.search(r"<button[^>]*>", form).group(0)
    assert 'type="submit"' in first and "formaction" not in first and "name=" not in first
    assert 'name="carry"' in form  # the carry button is still there, further down
