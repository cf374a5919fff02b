"""Cases found by reviewing the code as an outsider would try them; each stays fixed."""

from datetime import date, time

from django.urls import reverse
from django.utils import timezone

from evaluations.models import FeedbackSheet
from internships.models import Internship
from schools.models import Group


def _draft(demo):
    emma = demo.emma_internship
    return FeedbackSheet.objects.filter(internship=emma, status="draft").first() or FeedbackSheet.objects.create(
        internship=emma, author=emma.mentor, date=timezone.localdate()
    )


def test_a_huge_id_or_an_odd_revision_in_a_feedback_save_is_a_message_not_a_500(demo):
    sheet = _draft(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    url = reverse("feedback:sheet_save", args=[sheet.internship_id, sheet.pk])
    base = {"revision": sheet.revision, "date": sheet.date.isoformat()}
    level = sheet.internship.catalogue_version.scale.levels.first()
    for extra in ({"level-" + "9" * 30: level.pk}, {"remark-" + "9" * 30: "x"}, {"level-1": "9" * 30}):
        sheet.refresh_from_db()
        base["revision"] = sheet.revision
        assert mentor.post(url, {**base, **extra}).status_code in (302, 400)  # never a 500
        sheet.refresh_from_db()
        assert mentor.post(url, {**base, "revision": sheet.revision, **extra}, HTTP_HX_REQUEST="true").status_code == 200
    assert mentor.post(url, {**base, "revision": "²"}).status_code == 400


def test_an_odd_revision_or_unknown_kind_on_evaluations(demo):
    emma = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    assert mentor.post(reverse("evaluations:evaluation_start", args=[emma.pk, "bogus"])).status_code == 404
    mentor.post(reverse("evaluations:evaluation_start", args=[emma.pk, "midterm"]))
    evaluation = emma.evaluations.get(kind="midterm")
    url = reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])
    assert mentor.post(url, {"revision": "²", "mentor_advice": "x"}).status_code == 400
    assert mentor.post(url, {"revision": evaluation.revision, "level-" + "9" * 30: "1"}).status_code == 400


def test_group_overview_shows_only_internships_the_teacher_follows(demo):
    group = Group.objects.get(name="7BKO-B")
    from django.test import Client

    client = Client()
    client.force_login(demo.user("tom.indekeu@lindeboom.demo"))
    rows = client.get(reverse("schools:group_overview", args=[group.pk])).context["internships"]
    assert rows and all(i.teacher.email == "tom.indekeu@lindeboom.demo" for i in rows)
    assert not any(i.student.full_name == "Ines Vandenberghe" for i in rows)  # Sofie's intern


def test_no_activities_on_a_closed_internship(demo):
    closed = Internship.objects.filter(mentor__email="mentor@uniform.demo", status="closed").first()
    activity = closed.catalogue_version.activities.first()
    before = closed.activity_entries.count()
    response = demo.client_for("mentor@uniform.demo").post(
        reverse("activities:activity_add", args=[closed.pk]),
        {"activity": activity.pk, "date": closed.start_date.isoformat(), "level": "observed"},
    )
    assert response.status_code in (200, 302, 400, 403)
    assert closed.activity_entries.count() == before


def test_lowering_the_capacity_never_confirms_more_people_than_places(demo):
    from tenancy.models import Membership
    from training import services
    from training.models import Course, Registration

    network = demo.emma.school.network
    course = Course.objects.create(network=network, title="Krap", capacity=3, status=Course.Status.PUBLISHED)
    course.sessions.create(date=date(2027, 3, 1), start_time=time(9), end_time=time(12))
    people = ["mentor@uniform.demo", "teacher@uniform.demo", "coach@uniform.demo", "teacher2@uniform.demo"]
    for email in people[:3]:
        user = demo.user(email)
        services.register(course=course, membership=Membership.objects.active().filter(user=user).first(), by=user)
    first = course.registrations.get(user__email=people[0])
    services.cancel(registration=first, by=first.user)
    course.capacity = 2
    course.save()
    user = demo.user(people[3])
    services.register(course=course, membership=Membership.objects.active().filter(user=user).first(), by=user)
    assert course.registrations.filter(status=Registration.Status.CONFIRMED).count() <= 2
