"""The lifecycle has guardrails (issue 14).

Start and close are blocked with a message naming what is missing; the school admin of the
internship's school (not a teacher, mentor or student) may override with a reason, which is
kept (Override), logged on the timeline and shown on the internship page and in the dossier.
The plain validity rules (a visit done before its day, an intake in the future, attendance
before a session, a course above the network's maximum, one block a day) only block: there is
nothing to override.
"""

from __future__ import annotations

import io
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluations.models import FeedbackSheet
from internships import services
from internships.models import DocumentType, HourEntry, IntakeMeeting, Internship, Override, ScheduleSlot, Visit
from tenancy.models import Network
from tests.dossier_support import dossier_response
from training.models import Attendance, Course, Registration, Session

SCHOOL_ADMIN = "schooladmin@uniform.demo"
TEACHER = "teacher@uniform.demo"
MENTOR = "mentor@uniform.demo"
STUDENT = "student@uniform.demo"
COORD = "coordinator@uniform.demo"
REASON = "Het uittreksel is aangevraagd; de stagiair werkt de eerste week nooit alleen met de kinderen."


def _text(response) -> str:
    return response.content.decode()


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    body = response.body if response.streaming else response.content
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _about_to_start() -> Internship:
    """The Lindeboom intern at KDV Zonnebloem (teacher@uniform.demo): intake done, starts next
    week, the extract handed in but not approved (the demo's blocked start)."""
    return Internship.objects.get(status="intake_done", teacher__email=TEACHER, school__name="Campus De Lindeboom")


def _transition(email, internship, to, **extra):
    return _client(email).post(reverse("internships:transition", args=[internship.pk]), {"to": to, **extra})


_clients: dict = {}


def _client(email):
    from django.test import Client

    from tenancy.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _status(internship) -> str:
    internship.refresh_from_db()
    return internship.status


# --------------------------------------------------------------------------- start


def test_start_is_blocked_naming_the_date_and_the_document(demo):
    internship = _about_to_start()
    for email in (TEACHER, SCHOOL_ADMIN):
        response = _transition(email, internship, "running")
        assert response.status_code == 302
        assert _status(internship) == "intake_done"
        page = _text(_client(email).get(response["Location"]))
        assert "Uittreksel strafregister (model 2)" in page and "nog niet goedgekeurd" in page
        assert internship.start_date.strftime("%d/%m/%Y") in page  # "begint op ..."
    # The page says it before anyone clicks: no start button, the reasons instead.
    page = _text(_client(TEACHER).get(reverse("internships:detail", args=[internship.pk])))
    assert "De stage kan nog niet starten" in page and "The internship has started" not in page
    assert "De stage is gestart" not in page
    assert "name=\"override\"" not in page  # the teacher may not override
    assert "stagecoördinator van de school" in page
    assert not internship.overrides.exists()


def test_start_goes_ahead_once_the_date_has_come_and_the_documents_are_approved(demo):
    internship = _about_to_start()
    Internship.objects.filter(pk=internship.pk).update(start_date=timezone.localdate())
    assert [p for p in services.start_blockers(Internship.objects.get(pk=internship.pk))] != []  # the extract still
    internship.documents.filter(document_type__blocks_start=True).update(status="approved")
    assert _transition(TEACHER, internship, "running").status_code == 302
    assert _status(internship) == "running"
    assert not internship.overrides.exists()


def test_which_documents_block_the_start_is_the_networks_choice(demo):
    internship = _about_to_start()
    Internship.objects.filter(pk=internship.pk).update(start_date=timezone.localdate())
    extract = DocumentType.objects.get(network=internship.school.network, name__startswith="Uittreksel")
    assert extract.blocks_start  # the demo default
    coord = _client(COORD)
    response = coord.post(reverse("internships:document_types"),
                          {"document_type": extract.pk, "is_default": "on", "days_before_start": "21"})
    assert response.status_code == 302
    extract.refresh_from_db()
    assert not extract.blocks_start
    assert _transition(TEACHER, internship, "running").status_code == 302
    assert _status(internship) == "running"


def test_school_admin_starts_anyway_with_a_reason_on_timeline_page_and_dossier(demo):
    internship = _about_to_start()
    page = _text(_client(SCHOOL_ADMIN).get(reverse("internships:detail", args=[internship.pk])))
    assert 'name="override"' in page and "Toch starten, met een reden" in page
    response = _transition(SCHOOL_ADMIN, internship, "running", override="1", reason=REASON)
    assert response.status_code == 302
    assert _status(internship) == "running"
    override = internship.overrides.get()
    assert override.step == "start" and override.reason == REASON and override.by.email == SCHOOL_ADMIN
    assert "Uittreksel strafregister (model 2)" in override.blocked_by
    timeline = " ".join(internship.events.values_list("text", flat=True))
    assert "Gestart ondanks" in timeline and REASON[:40] in timeline
    # Shown to the others who see the internship (the mentor of it here), and in the dossier.
    mentor = internship.mentor.email
    page = _text(_client(mentor).get(reverse("internships:detail", args=[internship.pk])))
    assert REASON in page and "Gestart ondanks" in page
    text = _pdf_text(dossier_response(_client(mentor), internship.pk))
    assert "Gestart ondanks" in text and "eerste week nooit alleen" in " ".join(text.split())


def test_override_without_a_reason_is_refused_and_the_page_keeps_what_was_typed(demo):
    internship = _about_to_start()
    response = _transition(SCHOOL_ADMIN, internship, "running", override="1", reason="ok")
    assert response.status_code == 400
    assert _status(internship) == "intake_done"
    page = _text(response)
    assert "Zeg in een zin waarom" in page and ">ok</textarea>" in page
    response = _transition(SCHOOL_ADMIN, internship, "running", override="1", reason="")
    assert response.status_code == 400 and "De stage kan nog niet starten" in _text(response)
    assert not internship.overrides.exists()


@pytest.mark.parametrize("email", [MENTOR, STUDENT, TEACHER])
def test_override_of_the_start_is_refused_to_mentor_student_and_teacher(demo, email):
    internship = demo.emma_internship  # seen by all three
    Internship.objects.filter(pk=internship.pk).update(status="intake_done")
    response = _transition(email, internship, "running", override="1", reason=REASON)
    assert response.status_code == 403
    assert _status(internship) == "intake_done"
    assert not internship.overrides.filter(step="start", reason=REASON).exists()
    # Nor through the service with a reason but without the right.
    with pytest.raises(services.ValidationError):
        services.internship_transition(internship=internship, to="running", by=demo.user(email), reason=REASON,
                                       may_override=False)


def test_the_school_admin_of_another_school_cannot_override(demo):
    internship = _about_to_start()
    response = _transition("els.nulens@kempenland.demo", internship, "running", override="1", reason=REASON)
    assert response.status_code == 404  # not theirs
    assert _status(internship) == "intake_done"


# --------------------------------------------------------------------------- close


def _ended(internship) -> Internship:
    """Its period is over (closing is offered), a visit is still planned."""
    today = timezone.localdate()
    Internship.objects.filter(pk=internship.pk).update(end_date=today - timedelta(days=1))
    Visit.objects.create(internship=internship, date=today + timedelta(days=2), status="planned")
    return Internship.objects.get(pk=internship.pk)


def test_close_is_blocked_without_signed_final_evaluation_and_hours(demo):
    emma = _ended(demo.emma_internship)
    for email in (TEACHER, SCHOOL_ADMIN):
        response = _transition(email, emma, "closed")
        assert response.status_code == 302
        assert _status(emma) == "running"
        page = _text(_client(email).get(response["Location"]))
        assert "De eindevaluatie is nog niet opgemaakt" in page
        assert f"van de {emma.required_hours} vereiste uren zijn bevestigd" in page
    page = _text(_client(TEACHER).get(reverse("internships:detail", args=[emma.pk])))
    assert "De stage kan nog niet worden afgesloten" in page and 'name="override"' not in page


def test_close_goes_ahead_with_a_signed_final_evaluation_and_the_hours(demo):
    final = Internship.objects.get(student__first_name="Zoë", status="final_evaluated")
    assert services.close_blockers(final) == []
    assert _transition(SCHOOL_ADMIN, final, "closed").status_code == 302
    assert _status(final) == "closed"
    assert not final.overrides.exists()
    # Short of hours: blocked again (a correction pending would be too).
    other = Internship.objects.get(student__first_name="Wout", status="final_evaluated")
    assert services.close_blockers(other) == [f"220 van de {other.required_hours} vereiste uren zijn bevestigd."]


def test_school_admin_closes_anyway_with_a_reason_and_the_internship_becomes_read_only(demo):
    emma = _ended(demo.emma_internship)
    planned = emma.visits.filter(status="planned")
    assert planned.exists() and "(Emma)" in _text(_client(MENTOR).get(reverse("home")))
    reason = "De stagiair stopt de opleiding; afgesproken met de ouders en de klassenraad."
    assert _transition(SCHOOL_ADMIN, emma, "closed", override="1", reason=reason).status_code == 302
    assert _status(emma) == "closed"
    override = emma.overrides.get(step="close")
    assert override.reason == reason and "eindevaluatie" in override.blocked_by
    # Planned visits are cancelled and no longer listed.
    assert not emma.visits.filter(status="planned").exists()
    assert emma.visits.filter(status="cancelled").exists()
    assert "(Emma)" not in _text(_client(MENTOR).get(reverse("home")))  # the mentor's list of planned visits
    hub = _text(_client(MENTOR).get(reverse("internships:detail", args=[emma.pk])))
    assert "Afgesloten ondanks" in hub and reason in hub
    assert reverse("feedback:sheet_new", args=[emma.pk]) not in hub
    assert reverse("internships:hours_add", args=[emma.pk]) not in hub
    text = " ".join(_pdf_text(dossier_response(_client(SCHOOL_ADMIN), emma.pk)).split())
    assert "Afgesloten ondanks" in text and "klassenraad" in text

    # Read only: no hours, sheets, activities or visits can be added.
    day = emma.end_date
    HourEntry.objects.filter(internship=emma, date=day).delete()
    before = (emma.hour_entries.count(), emma.feedback_sheets.count(), emma.visits.count(), emma.activity_entries.count())
    _client(STUDENT).post(reverse("internships:hours_add", args=[emma.pk]), {"date": day.isoformat(), "hours": "6"})
    _client(MENTOR).post(reverse("internships:hours_add", args=[emma.pk]), {"date": day.isoformat(), "hours": "6"})
    _client(MENTOR).post(reverse("feedback:sheet_new", args=[emma.pk]))
    _client(TEACHER).post(reverse("internships:visit_add", args=[emma.pk]), {"date": day.isoformat()})
    activity = emma.catalogue_version.activities.first()
    _client(MENTOR).post(reverse("activities:activity_add", args=[emma.pk]),
                         {"activity": activity.pk, "date": day.isoformat(), "level": "observed"})
    after = (emma.hour_entries.count(), emma.feedback_sheets.count(), emma.visits.count(), emma.activity_entries.count())
    assert after == before
    with pytest.raises(services.ValidationError):
        services.hours_confirm_proposed(internship=emma, by=demo.user(MENTOR))
    visit = emma.visits.first()
    with pytest.raises(services.ValidationError):
        services.visit_update(visit=visit, by=demo.user(TEACHER), revision=visit.revision, date=visit.date, time=None,
                              status="done", with_whom="", notes="na afsluiten", agreements="")


@pytest.mark.parametrize("email", [MENTOR, STUDENT, TEACHER])
def test_override_of_the_close_is_refused_to_mentor_student_and_teacher(demo, email):
    emma = _ended(demo.emma_internship)
    response = _transition(email, emma, "closed", override="1", reason="Zij stopt met de opleiding, zegt de school.")
    assert response.status_code == 403
    assert _status(emma) == "running"
    assert not emma.overrides.filter(step="close").exists()
    assert emma.visits.filter(status="planned").exists()


# --------------------------------------------------------------------------- plain validity rules


def test_a_visit_cannot_be_marked_done_before_its_day(demo):
    emma = demo.emma_internship
    visit = emma.visits.filter(status="planned").first()
    assert visit.date > timezone.localdate()
    response = _client(TEACHER).post(
        reverse("internships:visit", args=[emma.pk, visit.pk]),
        {"revision": visit.revision, "date": visit.date.isoformat(), "status": "done", "notes": "Goed gesprek"},
    )
    assert response.status_code == 200
    assert "kan als gedaan worden aangeduid vanaf" in _text(response) and "Goed gesprek" in _text(response)
    visit.refresh_from_db()
    assert visit.status == "planned" and visit.notes == ""


def test_an_intake_cannot_be_dated_in_the_future(demo):
    internship = _about_to_start()
    before = IntakeMeeting.objects.get(internship=internship)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _client(internship.mentor.email).post(
        reverse("internships:intake", args=[internship.pk]),
        {"revision": before.revision, "date": tomorrow.isoformat(), "attendees": "Marie, Fatma", "learning_goals": "Mijn tekst"},
    )
    assert response.status_code == 200
    assert "datum kan niet in de toekomst" in _text(response) and "Mijn tekst" in _text(response)
    with pytest.raises(services.ValidationError):
        services.intake_record(internship=internship, by=internship.mentor, revision=before.revision, date=tomorrow,
                               attendees="Marie")
    assert IntakeMeeting.objects.get(internship=internship).date == before.date


def test_the_weekly_schedule_takes_split_shifts(demo):
    internship = _about_to_start()
    intake = IntakeMeeting.objects.get(internship=internship)
    url = reverse("internships:intake", args=[internship.pk])
    data = {"revision": intake.revision, "date": intake.date.isoformat(), "attendees": intake.attendees,
            "day0_start": "07:00", "day0_end": "08:30", "day0_start_2": "15:30", "day0_end_2": "18:00",
            "day2_start": "07:00", "day2_end": "12:30"}
    assert _client(TEACHER).get(url).status_code == 200
    assert _client(TEACHER).post(url, data).status_code == 302
    slots = [(s.weekday, s.start_time, s.end_time) for s in ScheduleSlot.objects.filter(internship=internship)]
    assert slots == [(0, time(7), time(8, 30)), (0, time(15, 30), time(18)), (2, time(7), time(12, 30))]
    page = _text(_client(TEACHER).get(reverse("internships:detail", args=[internship.pk])))
    assert "07:00–08:30" in page and "15:30–18:00" in page
    # The form shows both blocks again; overlapping blocks are refused and nothing is lost.
    form = _text(_client(TEACHER).get(url))
    assert 'name="day0_start_2"' in form and 'value="15:30"' in form
    intake.refresh_from_db()
    bad = {**data, "revision": intake.revision, "day0_start_2": "08:00"}
    response = _client(TEACHER).post(url, bad)
    assert response.status_code == 200 and "overlappen" in _text(response)
    assert ScheduleSlot.objects.filter(internship=internship).count() == 3
    text = " ".join(_pdf_text(_client(TEACHER).get(reverse("reports:intake", args=[internship.pk]))).split())
    assert "07:00–08:30, 15:30–18:00" in text


def test_no_feedback_sheet_before_the_start_and_dated_within_the_period(demo):
    planned = Internship.objects.filter(mentor__email=MENTOR, status="planned").first()
    assert planned.start_date > timezone.localdate()
    mentor = _client(MENTOR)
    home = _text(mentor.get(reverse("home")))
    assert reverse("feedback:sheet_new", args=[planned.pk]) not in home
    assert reverse("feedback:sheet_new", args=[demo.emma_internship.pk]) in home
    assert "Feedbackbladen vanaf" in home
    response = mentor.post(reverse("feedback:sheet_new", args=[planned.pk]))
    assert response.status_code == 302 and not FeedbackSheet.objects.filter(internship=planned).exists()
    assert "vanaf de start van de stage" in _text(mentor.get(response["Location"]))
    # After its end (not closed yet), a new sheet is dated on its last day.
    ended = Internship.objects.filter(mentor__email=MENTOR, status="running").exclude(pk=demo.emma_internship.pk).first() \
        or demo.emma_internship
    FeedbackSheet.objects.filter(internship=ended, status="draft").delete()
    Internship.objects.filter(pk=ended.pk).update(end_date=timezone.localdate() - timedelta(days=3))
    ended.refresh_from_db()
    from evaluations.feedback.services import sheet_save, sheet_start

    sheet = sheet_start(internship=ended, by=demo.user(MENTOR))
    assert sheet.date == ended.end_date
    with pytest.raises(services.ValidationError, match="buiten de stageperiode|outside the internship period"):
        sheet_save(sheet=sheet, by=demo.user(MENTOR), revision=sheet.revision, day=ended.end_date + timedelta(days=1),
                   strengths="", work_points="", agreements="", ratings={})


def _course_with_participant(demo, *, when):
    network = Network.objects.get(slug="limburg")
    course = Course.objects.create(network=network, title="Mentoropleiding test", capacity=16, status="published")
    session = Session.objects.create(course=course, date=when, start_time=time(9), end_time=time(12))
    membership = demo.user(MENTOR).memberships.get(role="mentor")
    registration = Registration.objects.create(course=course, user=membership.user, organisation=membership.organisation,
                                               side="workfloor", status="confirmed", seat=1)
    return course, session, registration


def test_no_attendance_before_the_session_so_nobody_is_trained_since_a_future_date(demo):
    from training import selectors

    tomorrow = timezone.localdate() + timedelta(days=1)
    course, session, registration = _course_with_participant(demo, when=tomorrow)
    coord = _client(COORD)
    url = reverse("training:attendance", args=[session.pk])
    assert "nog niet plaatsgevonden" in _text(coord.get(url))
    assert reverse("training:attendance", args=[session.pk]) not in _text(coord.get(reverse("training:course", args=[course.pk])))
    coord.post(url, {"present": [registration.pk]})
    assert not Attendance.objects.filter(session=session).exists()
    registration.refresh_from_db()
    assert registration.completed_on is None
    since = selectors.trained_since([registration.user_id], network_ids=[course.network_id])
    assert since.get(registration.user_id) is None or since[registration.user_id] <= timezone.localdate()


def test_course_capacity_stays_within_the_networks_maximum(demo):
    coord = _client(COORD)
    today = timezone.localdate()
    data = {"title": "Te grote groep", "capacity": "17", "min_school_percent": "33", "min_workfloor_percent": "33",
            "session_0_date": (today + timedelta(days=30)).isoformat(), "session_0_start": "09:00", "session_0_end": "12:00",
            "session_1_date": (today + timedelta(days=60)).isoformat(), "session_1_start": "09:00", "session_1_end": "12:00",
            "session_2_date": (today + timedelta(days=90)).isoformat(), "session_2_start": "09:00", "session_2_end": "12:00"}
    response = coord.post(reverse("training:course_new"), data)
    assert response.status_code == 200 and "hoogstens 16 deelnemers" in _text(response)
    assert not Course.objects.filter(title="Te grote groep").exists()
    network = Network.objects.get(slug="limburg")
    with pytest.raises(services.ValidationError):
        from training.services import course_create

        course_create(network=network, by=demo.user(COORD), kind="course", title="Te grote groep", sessions=[], capacity=17)
    # A network that decided on 20 takes 17.
    Network.objects.filter(pk=network.pk).update(training_max_participants=20)
    assert coord.post(reverse("training:course_new"), data).status_code == 302
    course = Course.objects.get(title="Te grote groep")
    response = coord.post(reverse("training:course_edit", args=[course.pk]), {**data, "capacity": "21"})
    assert response.status_code == 200 and "hoogstens 20 deelnemers" in _text(response)


# --------------------------------------------------------------------------- dossier, settings page


def test_dossier_lists_required_documents_their_status_and_the_overrides(demo):
    emma = demo.emma_internship  # started by the school admin before the extract was approved (demo)
    override = emma.overrides.get(step="start")
    assert "Uittreksel" in override.blocked_by
    for email in (SCHOOL_ADMIN, MENTOR):
        text = " ".join(_pdf_text(dossier_response(_client(email), emma.pk)).split())
        assert "Vereiste documenten" in text
        for document in emma.documents.select_related("document_type"):
            assert document.document_type.name in text
        assert "Goedgekeurd" in text or "goedgekeurd" in text
        assert "Gestart ondanks" in text and "ontvangstbewijs" in text


def test_document_types_page_is_the_coordinators_of_their_network(demo):
    coord = _client(COORD)
    page = _text(coord.get(reverse("internships:document_types")))
    assert "Uittreksel strafregister (model 2)" in page and "Nodig om te starten" in page
    other = DocumentType.objects.filter(network__slug="antwerpen").first()
    coord.post(reverse("internships:document_types"), {"document_type": other.pk, "blocks_start": "on", "days_before_start": "3"})
    other.refresh_from_db()
    assert other.days_before_start != 3  # another network's type: refused
    for email in (SCHOOL_ADMIN, TEACHER, MENTOR):
        assert _client(email).get(reverse("internships:document_types")).status_code == 403


def test_the_demo_shows_split_shifts_and_a_blocked_start(demo):
    bko = Internship.objects.filter(site__kind="out_of_school").exclude(status="planned").first()
    days = {}
    for slot in bko.schedule.all():
        days.setdefault(slot.weekday, []).append(slot)
    assert any(len(slots) == 2 for slots in days.values())
    assert services.start_blockers(_about_to_start())
    assert Override.objects.filter(step="close").exists()
    assert Decimal(0) <= demo.emma_internship.hours_done
