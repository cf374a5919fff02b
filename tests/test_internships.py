"""Internships from planning to close: creating (one, a group), intake and schedule, documents,
visits, hours, lifecycle, the list; and that nobody else reaches any of it."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childcare.models import Site
from internships.models import DocumentType, HourEntry, IntakeMeeting, Internship, RequiredDocument, Visit
from schools.models import Group, Student
from tenancy.models import Organisation, User


def _hub(internship):
    return reverse("internships:detail", args=[internship.pk])


@pytest.fixture
def lindeboom(db):
    return Organisation.objects.get(name="Campus De Lindeboom")


def _group_form(lindeboom, **extra):
    group = Group.objects.create(school=lindeboom, name="7BKO-C")
    for n in range(3):
        Student.objects.create(school=lindeboom, group=group, first_name=f"Nieuw{n}", last_name="Stagiair")
    site = Site.objects.get(name="KDV 't Nestje")
    start = timezone.localdate() + timedelta(days=30)
    data = {
        "group": group.pk, "programme": lindeboom.network.programmes.get().pk, "site": site.pk,
        "mentor": User.objects.get(email="mentor@uniform.demo").pk, "teacher": User.objects.get(email="teacher@uniform.demo").pk,
        "start_date": start.isoformat(), "end_date": (start + timedelta(weeks=6)).isoformat(), "required_hours": 160,
        "document_types": [d.pk for d in DocumentType.objects.filter(network=lindeboom.network)],
    }
    data.update(extra)
    return group, data


def test_school_admin_creates_internships_for_a_group_that_appear_on_mentor_and_teacher_homes(demo, lindeboom):
    group, data = _group_form(lindeboom)
    response = demo.client_for("schooladmin@uniform.demo").post(reverse("internships:new_group"), data)
    assert response.status_code == 302
    created = Internship.objects.filter(student__group=group)
    assert created.count() == 3
    assert all(i.catalogue_version.status == "published" and i.documents.count() == 4 for i in created)
    for email in ("mentor@uniform.demo", "teacher@uniform.demo"):
        html = demo.client_for(email).get(reverse("home")).content.decode()
        assert "Nieuw0 Stagiair" in html and "Nieuw2 Stagiair" in html, email


def test_group_creation_is_all_or_nothing_and_reports_each_refusal(demo, lindeboom):
    group, data = _group_form(lindeboom)
    first = group.students.first()
    site = Site.objects.get(name="KDV 't Nestje")
    Internship.objects.create(
        school=lindeboom, student=first, site=site, catalogue_version=lindeboom.network.programmes.get().versions.get(),
        start_date=timezone.localdate() + timedelta(days=35), end_date=timezone.localdate() + timedelta(days=60),
    )
    response = demo.client_for("schooladmin@uniform.demo").post(reverse("internships:new_group"), data)
    assert response.status_code == 200
    assert first.full_name in response.content.decode()
    assert Internship.objects.filter(student__group=group).count() == 1  # only the one made above


@pytest.mark.parametrize(
    "field, foreign",
    [
        ("mentor", lambda: User.objects.get(email="mentor2@uniform.demo").pk),  # works at another site
        ("mentor", lambda: User.objects.get(email="mentor@other.demo").pk),  # another network
        ("teacher", lambda: User.objects.get(email="teacher2@uniform.demo").pk),  # another school
        ("site", lambda: Site.objects.get(name="KDV Speelvogel").pk),  # another network
        ("group", lambda: Group.objects.get(name="7KO").pk),  # another school
    ],
)
def test_foreign_choices_posted_by_hand_are_validation_errors(demo, lindeboom, field, foreign):
    group, data = _group_form(lindeboom)
    data[field] = foreign()
    response = demo.client_for("schooladmin@uniform.demo").post(reverse("internships:new_group"), data)
    assert response.status_code == 200
    assert not Internship.objects.filter(student__group=group).exists()


def test_single_internship_form_offers_only_own_students_and_network_sites(demo, lindeboom):
    response = demo.client_for("schooladmin@uniform.demo").get(reverse("internships:new"))
    form = response.context["form"]
    assert set(form.fields["student"].queryset.values_list("school_id", flat=True)) == {lindeboom.pk}
    assert set(form.fields["site"].queryset.values_list("organisation__network__slug", flat=True)) == {"limburg"}
    assert "Lucas" not in response.content.decode()


def test_acceptance_mentor_records_intake_documents_hours_and_teacher_visits(demo):
    planned = Internship.objects.filter(mentor__email="mentor@uniform.demo", status="planned").first()
    mentor = demo.client_for("mentor@uniform.demo")
    response = mentor.post(
        reverse("internships:intake", args=[planned.pk]),
        {
            "date": timezone.localdate().isoformat(), "attendees": "stagiair, mentor", "student_expectations": "Veel leren",
            "learning_goals": "Eetmoment", "site_expectations": "", "practical_agreements": "Binnenschoenen",
            "day0_start": "08:00", "day0_end": "16:00", "day2_start": "08:30", "day2_end": "12:00",
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "intake_done"
    assert [(s.weekday, s.hours) for s in planned.schedule.all()] == [(0, 8.0), (2, 3.5)]
    hub = mentor.get(_hub(planned)).content.decode()
    assert "Binnenschoenen" in hub and "08:30" in hub and "week-grid" in hub
    student_view = demo.client_for("student@uniform.demo")  # not hers: 404
    assert student_view.get(_hub(planned)).status_code == 404

    # Documents: the mentor marks one handed in, may not approve.
    emma = demo.emma_internship
    missing = emma.documents.filter(status="missing").first()
    assert mentor.post(reverse("internships:document_status", args=[emma.pk, missing.pk]), {"status": "handed_in"}).status_code == 302
    missing.refresh_from_db()
    assert missing.status == "handed_in" and missing.changed_by.email == "mentor@uniform.demo"
    mentor.post(reverse("internships:document_status", args=[emma.pk, missing.pk]), {"status": "approved"})
    missing.refresh_from_db()
    assert missing.status == "handed_in"
    demo.client_for("teacher@uniform.demo").post(reverse("internships:document_status", args=[emma.pk, missing.pk]), {"status": "approved"})
    missing.refresh_from_db()
    assert missing.status == "approved"

    # Hours: the student proposes, the mentor confirms; hours done follow.
    before = emma.hours_done
    day = max(emma.start_date, timezone.localdate() - timedelta(days=1))
    HourEntry.objects.filter(internship=emma, date=day).delete()
    student = demo.client_for("student@uniform.demo")
    assert student.post(reverse("internships:hours_add", args=[emma.pk]), {"date": day.isoformat(), "hours": "7.5"}).status_code == 302
    entry = HourEntry.objects.get(internship=emma, date=day)
    assert entry.status == "proposed"
    mentor.post(reverse("internships:hours_confirm_all", args=[emma.pk]))
    entry.refresh_from_db()
    emma.refresh_from_db()
    assert entry.status == "confirmed"
    assert emma.hours_done > before
    assert not emma.hour_entries.filter(status="proposed").exists()

    # Visits: the teacher plans and logs one (on its day: not before); the mentor sees it and the agreements.
    teacher = demo.client_for("teacher@uniform.demo")
    date = timezone.localdate().isoformat()
    assert teacher.post(reverse("internships:visit_add", args=[emma.pk]), {"date": date, "time": "10:00", "with_whom": "An"}).status_code == 302
    visit = emma.visits.get(date=date)
    assert "Planned visits" in mentor.get(reverse("home")).content.decode() or "Geplande bezoeken" in mentor.get(reverse("home")).content.decode()
    teacher.post(
        reverse("internships:visit", args=[emma.pk, visit.pk]),
        {"revision": visit.revision, "date": date, "time": "10:00", "status": "done", "with_whom": "An",
         "notes": "Rustige groep", "agreements": "Volgende week zelf een activiteit leiden"},
    )
    assert "Volgende week zelf een activiteit leiden" in mentor.get(_hub(emma)).content.decode()
    # The timeline tells what happened.
    events = " ".join(emma.events.values_list("text", flat=True))
    assert "Visit" in events or "Bezoek" in events


def test_visit_page_has_a_heading_with_the_date(demo):
    emma = demo.emma_internship
    visit = emma.visits.first()
    html = demo.client_for("teacher@uniform.demo").get(reverse("internships:visit", args=[emma.pk, visit.pk])).content.decode()
    date_text = visit.date.strftime("%d/%m/%Y")
    assert re.search(rf"<h1[^>]*>\s*(Visit of|Bezoek van) {date_text}\s*</h1>", html), html[:3000]
    assert re.search(rf'aria-current="page">(Visit of|Bezoek van) {date_text}<', html)


def test_roles_that_may_not_act_get_403_and_nothing_changes(demo):
    emma = demo.emma_internship
    document = emma.documents.first()
    for email, url, data in [
        ("coach@uniform.demo", reverse("internships:document_status", args=[emma.pk, document.pk]), {"status": "approved"}),
        ("student@uniform.demo", reverse("internships:visit_add", args=[emma.pk]), {"date": "2026-12-01"}),
        ("teacher@uniform.demo", reverse("internships:hours_confirm_all", args=[emma.pk]), {}),
        ("mentor@uniform.demo", reverse("internships:change", args=[emma.pk]), {}),
        ("childcare@uniform.demo", reverse("internships:intake", args=[emma.pk]), {}),
    ]:
        assert demo.client_for(email).post(url, data).status_code == 403, email


@pytest.mark.parametrize("email", ["mentor2@uniform.demo", "mentor@other.demo", "teacher2@uniform.demo", "coordinator@uniform.demo"])
def test_outsiders_reach_nothing_of_an_internship(demo, email):
    emma = demo.emma_internship
    document, visit, entry = emma.documents.first(), emma.visits.first(), emma.hour_entries.first()
    client = demo.client_for(email)
    gets = [_hub(emma), reverse("internships:intake", args=[emma.pk]), reverse("internships:visit", args=[emma.pk, visit.pk]),
            reverse("internships:document_file", args=[emma.pk, document.pk])]
    posts = [reverse("internships:document_status", args=[emma.pk, document.pk]), reverse("internships:hours_add", args=[emma.pk]),
             reverse("internships:hours_decide", args=[emma.pk, entry.pk]), reverse("internships:visit_add", args=[emma.pk]),
             reverse("internships:transition", args=[emma.pk])]
    assert {client.get(url).status_code for url in gets} == {404}
    assert {client.post(url, {"status": "approved"}).status_code for url in posts} == {404}
    if email != "coordinator@uniform.demo":
        assert "Emma Aerts" not in client.get(reverse("internships:list") + "?q=Aerts").content.decode()


def test_a_part_of_another_internship_cannot_be_reached_through_mine(demo):
    """The document of someone else's internship, addressed under my internship's URL: 404."""
    emma = demo.emma_internship
    other = Internship.objects.filter(mentor__email="mentor@uniform.demo").exclude(pk=emma.pk).first()
    foreign_doc = other.documents.first()
    client = demo.client_for("student@uniform.demo")
    assert client.post(reverse("internships:document_upload", args=[emma.pk, foreign_doc.pk])).status_code == 404


def test_upload_is_checked_by_content_and_served_only_to_those_who_see_it(demo):
    emma = demo.emma_internship
    document = emma.documents.filter(status="missing").first()
    student = demo.client_for("student@uniform.demo")
    url = reverse("internships:document_upload", args=[emma.pk, document.pk])
    fake = SimpleUploadedFile("attest.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    student.post(url, {"file": fake})
    document.refresh_from_db()
    assert not document.file and document.status == "missing"
    real = SimpleUploadedFile("attest.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert student.post(url, {"file": real}).status_code == 302
    document.refresh_from_db()
    assert document.file and document.status == "handed_in" and document.file_type == "application/pdf"
    file_url = reverse("internships:document_file", args=[emma.pk, document.pk])
    response = demo.client_for("mentor@uniform.demo").get(file_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert demo.client_for("mentor2@uniform.demo").get(file_url).status_code == 404


def test_hours_are_checked(demo):
    emma = demo.emma_internship
    student = demo.client_for("student@uniform.demo")
    url = reverse("internships:hours_add", args=[emma.pk])
    for data in [
        {"date": (timezone.localdate() + timedelta(days=2)).isoformat(), "hours": "8"},  # the future
        {"date": (emma.start_date - timedelta(days=3)).isoformat(), "hours": "8"},  # before the internship
        {"date": timezone.localdate().isoformat(), "hours": "30"},  # more than a day
        {"date": timezone.localdate().isoformat()},  # no hours, not absent
        {"date": "not a date", "hours": "x"},
    ]:
        count = HourEntry.objects.count()
        response = student.post(url, {**data, "note": "mijn notitie"})
        assert response.status_code == 400 and HourEntry.objects.count() == count
        page = response.content.decode()
        # the errors stand by the form, which keeps what was typed and is scrolled into view
        assert ("alert-danger" in page or "is-invalid" in page) and 'value="mijn notitie"' in page
        assert 'id="hours" data-scroll-here' in page
        if data.get("hours") == "30":
            assert "Geef de uren van die dag, of vink afwezig aan." not in page  # hours were given
    confirmed = emma.hour_entries.filter(status="confirmed").first()
    student.post(url, {"date": confirmed.date.isoformat(), "hours": "2"})
    confirmed.refresh_from_db()
    assert confirmed.hours != 2  # a confirmed day is the mentor's to correct


def test_lifecycle_only_allows_the_next_step(demo):
    emma = demo.emma_internship  # running
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("internships:transition", args=[emma.pk])
    for target in ["closed", "planned", "midterm_evaluated"]:  # the last one comes from the evaluations
        teacher.post(url, {"to": target})
        emma.refresh_from_db()
        assert emma.status == "running"
    intake_done = Internship.objects.filter(status="intake_done", teacher__email="teacher@uniform.demo").first()
    # Its start has come and the documents needed to start are approved (the guardrails).
    Internship.objects.filter(pk=intake_done.pk).update(start_date=timezone.localdate())
    intake_done.documents.update(status="approved")
    teacher.post(reverse("internships:transition", args=[intake_done.pk]), {"to": "running"})
    intake_done.refresh_from_db()
    assert intake_done.status == "running"


def test_school_admin_changes_the_mentor_and_history_keeps_it(demo):
    emma = demo.emma_internship
    other_mentor = User.objects.get(email="sarah.vandeweyer@kindernest.demo")
    response = demo.client_for("schooladmin@uniform.demo").post(
        reverse("internships:change", args=[emma.pk]),
        {"mentor": other_mentor.pk, "teacher": emma.teacher_id, "start_date": emma.start_date.isoformat(),
         "end_date": emma.end_date.isoformat(), "required_hours": emma.required_hours},
    )
    assert response.status_code == 302
    emma.refresh_from_db()
    assert emma.mentor == other_mentor
    assert emma.history.filter(mentor__email="mentor@uniform.demo").exists()
    assert emma.events.filter(kind="people").exists()
    assert demo.client_for("mentor@uniform.demo").get(_hub(emma)).status_code == 404  # no longer hers


def test_overdue_documents_are_flagged_on_homes(demo):
    emma = demo.emma_internship
    assert emma.documents.filter(status="missing", due_date__lt=timezone.localdate()).exists()
    for email in ["schooladmin@uniform.demo", "teacher@uniform.demo", "mentor@uniform.demo", "childcare@uniform.demo"]:
        html = demo.client_for(email).get(reverse("home")).content.decode()
        assert "text-bg-danger" in html, email


def test_list_filters_paginates_and_keeps_a_constant_query_count(demo, lindeboom):
    client = demo.client_for("schooladmin@uniform.demo")
    url = reverse("internships:list")
    assert "Emma Aerts" in client.get(url, {"q": "aerts"}).content.decode()
    assert "Emma Aerts" not in client.get(url, {"status": "closed"}).content.decode()
    group = Group.objects.get(school=lindeboom, name="7BKO-B")
    html = client.get(url, {"group": group.pk}).content.decode()
    assert "Emma Aerts" not in html
    assert client.get(url, {"period_from": "garbage", "page": "x"}).status_code == 200
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    site = Site.objects.get(name="KDV 't Nestje")
    version = lindeboom.network.programmes.get().versions.get()
    for n in range(40):
        student = Student.objects.create(school=lindeboom, group=group, first_name=f"Extra{n}", last_name="Lid")
        Internship.objects.create(school=lindeboom, student=student, site=site, catalogue_version=version,
                                  start_date=timezone.localdate(), end_date=timezone.localdate() + timedelta(days=30))
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries) <= 15
    assert response.context["page"].paginator.num_pages >= 3


def test_hub_query_count_does_not_grow_with_hours_and_visits(demo):
    emma = demo.emma_internship
    client = demo.client_for("mentor@uniform.demo")
    with CaptureQueriesContext(connection) as small:
        assert client.get(_hub(emma)).status_code == 200
    for n in range(10):
        Visit.objects.create(internship=emma, date=timezone.localdate() + timedelta(days=n + 10), created_by=emma.teacher)
    with CaptureQueriesContext(connection) as large:
        client.get(_hub(emma))
    assert len(large.captured_queries) == len(small.captured_queries) <= 20


def test_seeded_demo_has_what_the_hub_needs(demo):
    emma = demo.emma_internship
    assert IntakeMeeting.objects.filter(internship=emma).exists()
    assert emma.schedule.count() == 4
    assert emma.documents.count() == DocumentType.objects.filter(network=emma.school.network).count() == 4
    # Two this week, and two of more than a week ago that the "hours to confirm" reminder is about
    # (demo/reminders.py).
    assert emma.hour_entries.filter(status="proposed").count() == 4
    assert emma.hour_entries.filter(status="proposed", date__lte=timezone.localdate() - timedelta(days=8)).count() == 2
    assert emma.visits.filter(status="planned").exists()
    assert RequiredDocument.objects.filter(internship__status="planned").exclude(status="missing").count() == 0


def test_a_long_hours_log_shows_the_latest_days_and_counts_them_all(demo):
    """The page lists the latest 60 days; what it counts (days to confirm, absences) and the
    hours PDF cover every day."""
    emma = demo.emma_internship
    start = emma.start_date - timedelta(days=200)
    HourEntry.objects.bulk_create(
        HourEntry(internship=emma, date=start + timedelta(days=n), hours=7, is_absence=(n == 0), logged_by=emma.mentor)
        for n in range(70)
    )
    proposed = emma.hour_entries.filter(status="proposed").count()
    absent = emma.hour_entries.filter(is_absence=True).exclude(status="rejected").count()
    total = emma.hour_entries.count()
    response = demo.client_for("mentor@uniform.demo").get(_hub(emma))
    assert len(response.context["entries"]) == 60
    assert response.context["n_proposed"] == proposed and response.context["absences"] == absent >= 1
    page = response.content.decode()
    assert f"De laatste 60 van {total} dagen." in page
    assert reverse("reports:hours", args=[emma.pk]) in page


def test_confirm_all_confirms_only_the_days_the_button_promised(demo):
    emma = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    page = mentor.get(_hub(emma))
    shown = page.context["n_proposed"]
    assert shown >= 1 and f'name="expected" value="{shown}"' in page.content.decode()
    # the student proposes one more day after the page was opened
    HourEntry.objects.create(internship=emma, date=emma.start_date - timedelta(days=3), hours=6, logged_by=emma.student.user)
    response = mentor.post(reverse("internships:hours_confirm_all", args=[emma.pk]), {"expected": shown}, follow=True)
    assert "Er is niets bevestigd" in response.content.decode()
    assert emma.hour_entries.filter(status="proposed").count() == shown + 1
    mentor.post(reverse("internships:hours_confirm_all", args=[emma.pk]), {"expected": shown + 1})
    assert not emma.hour_entries.filter(status="proposed").exists()


def test_a_visit_years_away_is_refused(demo):
    """QA walkthrough: a visit on 1 January 1999 was accepted for a 2026 internship."""
    emma = demo.emma_internship
    teacher = demo.client_for("teacher@uniform.demo")
    count = Visit.objects.count()
    response = teacher.post(reverse("internships:visit_add", args=[emma.pk]), {"date": "1999-01-01"}, follow=True)
    assert "Een bezoek valt tussen" in response.content.decode()
    assert Visit.objects.count() == count
    near = emma.start_date - timedelta(days=7)  # getting to know the site before the start: fine
    teacher.post(reverse("internships:visit_add", args=[emma.pk]), {"date": near.isoformat()})
    assert Visit.objects.filter(internship=emma, date=near).exists()


def test_documents_asked_late_are_not_overdue_on_day_one(demo):
    """QA walkthrough: an internship planned a week before its start showed every document
    'te laat' at once (due 14-28 days before the start, i.e. before it was planned)."""
    from internships import services
    from internships.services import LATE_DOCUMENT_DAYS

    soon = demo.emma_internship
    soon.documents.all().delete()
    Internship.objects.filter(pk=soon.pk).update(start_date=timezone.localdate() + timedelta(days=3),
                                                 end_date=timezone.localdate() + timedelta(days=60))
    soon.refresh_from_db()

    types = DocumentType.objects.filter(network=soon.school.network)
    docs = services.documents_add(internship=soon, document_types=types, by=None)
    assert docs and all(d.due_date >= timezone.localdate() for d in docs)
    assert all(not d.is_overdue(timezone.localdate()) for d in docs)
    assert max(d.due_date for d in docs) <= timezone.localdate() + timedelta(days=LATE_DOCUMENT_DAYS)


def test_planning_beyond_a_sites_places_warns_the_school(demo, lindeboom):
    """QA walkthrough: planning five interns at a site of four places said only 'gepland'.
    It stays possible (the site may add places), but the school is told at once, in numbers."""
    from childcare.models import SiteCapacity

    group, data = _group_form(lindeboom)
    site = Site.objects.get(name="KDV 't Nestje")
    start = date.fromisoformat(data["start_date"])
    SiteCapacity.objects.filter(site=site).delete()
    Site.objects.filter(pk=site.pk).update(capacity=1)
    response = demo.client_for("schooladmin@uniform.demo").post(reverse("internships:new_group"), data, follow=True)
    assert Internship.objects.filter(student__group=group).count() == 3
    page = response.content.decode().replace("&#x27;", "'")
    assert "KDV 't Nestje heeft nu" in page and "voor 1 plaatsen in deze periode" in page
    assert start  # the period of the warning is the planned one
