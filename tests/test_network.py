"""Issue 17 (ADR 0017): the coordinator builds the network; site profiles and kennismakingsmomenten."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import access
from childcare import profile_services as intro
from childcare.models import IntroductionMoment, Site
from network import services
from schools.models import Group
from tenancy.models import Invitation, Network, Organisation, Role
from tenancy.services import invitation_accept


@pytest.fixture
def limburg(demo):
    return Network.objects.get(slug="limburg")


def test_add_school_invite_first_admin_who_accepts(demo, limburg):
    coordinator = demo.user("coordinator@uniform.demo")
    school = services.organisation_create(
        by=coordinator, network=limburg, kind="school", name=" Sint-Lodewijk Genk ", city="Genk", address="Kerkplein 1",
        school_type="secondary",
    )
    assert school.name == "Sint-Lodewijk Genk" and school.is_active
    with pytest.raises(ValidationError):  # one name once per network, whatever the case
        services.organisation_create(by=coordinator, network=limburg, kind="childcare", name="sint-lodewijk genk")
    with pytest.raises(ValidationError):  # a school says its type of education
        services.organisation_create(by=coordinator, network=limburg, kind="school", name="Zonder type")
    invitation = services.first_admin_invite(by=coordinator, organisation=school, email="Dir@SintLodewijk.demo")
    assert (invitation.role, invitation.email) == (Role.SCHOOL_ADMIN, "dir@sintlodewijk.demo")
    with pytest.raises(ValidationError):  # no second pending invitation for that address
        services.first_admin_invite(by=coordinator, organisation=school, email="dir@sintlodewijk.demo")
    user = invitation_accept(invitation=invitation, full_name="Directeur", password=None)
    assert access.can_manage_school(user, school.pk)


def test_deactivated_organisation_people_lose_access_at_once_history_stays(demo):
    coordinator = demo.user("coordinator@uniform.demo")
    kindernest = Organisation.objects.get(name="vzw Kindernest")
    emma = demo.emma_internship
    mentor = demo.client_for("mentor@uniform.demo")
    url = reverse("internships:detail", args=[emma.pk])
    assert mentor.get(url).status_code == 200
    pending = Invitation.objects.create(
        network=kindernest.network, organisation=kindernest, site=emma.site, role=Role.MENTOR, email="new@kindernest.demo",
        invited_by=coordinator, expires_at=timezone.now() + timedelta(days=3),
    )
    services.organisation_deactivate(by=coordinator, organisation=kindernest)
    assert mentor.get(url).status_code == 404
    assert demo.client_for("childcare@uniform.demo").get(reverse("childcare:index")).status_code == 403
    pending.refresh_from_db()
    assert pending.status == "revoked"
    # Gone from the pickers and the directory; the school still reads the internship there.
    school = emma.school
    admin = demo.user("schooladmin@uniform.demo")
    assert not access.network_sites_to_pick(admin, school).filter(organisation=kindernest).exists()
    assert not access.site_directory_for(admin).filter(organisation=kindernest).exists()
    assert demo.client_for("schooladmin@uniform.demo").get(url).status_code == 200
    with pytest.raises(ValidationError):
        services.first_admin_invite(by=coordinator, organisation=kindernest, email="x@y.demo")
    services.organisation_reactivate(by=coordinator, organisation=kindernest)
    access.forget_memberships(demo.user("mentor@uniform.demo"))
    assert demo.client_for("mentor@uniform.demo").get(url).status_code == 200


def test_demo_has_a_deactivated_organisation_and_added_ones(demo):
    assert not Organisation.objects.get(name="vzw Hummeltjes").is_active
    for name in ("Sint-Jansinstituut Bree", "Kinderopvang De Kleine Wereld"):
        assert Invitation.objects.pending().filter(organisation__name=name).exists()


def test_network_pages_re_render_errors_and_show_counts_only(demo):
    client = demo.client_for("coordinator@uniform.demo")
    response = client.post(reverse("network:organisation_add", args=["school"]), {"name": "Campus De Lindeboom", "city": "Hasselt",
                                                                              "school_type": "secondary"})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    response = client.post(reverse("network:organisation_invite", args=[lindeboom.pk]), {"email": "not an address"})
    assert response.status_code == 200 and response.context["invite_form"].errors["email"]
    html = client.get(reverse("network:organisations")).content.decode()
    assert "Campus De Lindeboom" in html and "vzw Hummeltjes" not in html
    assert not [s.full_name for s in lindeboom.students.all() if s.full_name in html]
    response = client.post(reverse("network:organisation_status", args=[lindeboom.pk]), {"action": "deactivate"})
    assert response.status_code == 302
    assert not Organisation.objects.get(pk=lindeboom.pk).is_active


# --------------------------------------------------------------------------- kennismakingsmomenten


def _moment(site: Site, places: int, audience=IntroductionMoment.Audience.ANY) -> IntroductionMoment:
    return IntroductionMoment.objects.create(
        site=site, date=timezone.localdate() + timedelta(days=3), start_time=time(14), end_time=time(16), places=places,
        audience=audience,
    )


def test_registration_takes_the_last_place_once_even_from_a_stale_copy(demo):
    site = Site.objects.get(name="KDV Klein Duimpje")
    moment = _moment(site, places=10)
    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    teacher, admin = demo.user("teacher@uniform.demo"), demo.user("schooladmin@uniform.demo")
    g_a, g_b = Group.objects.get(school=lindeboom, name="7BKO-A"), Group.objects.get(school=lindeboom, name="7BKO-B")
    stale = IntroductionMoment.objects.get(pk=moment.pk)  # read before anyone registered: 10 places left
    intro.introduction_register(moment=moment, by=teacher, school=lindeboom, group=g_a, number=9)
    student = g_b.students.first()
    with pytest.raises(ValidationError, match=r"\b1\b.*\b10\b"):  # 2 for 1 place, decided by the database, not the copy
        intro.introduction_register(moment=stale, by=admin, school=lindeboom, group=g_b, number=2)
    last = intro.introduction_register(moment=stale, by=admin, school=lindeboom, student=student)  # the last place
    with pytest.raises(ValidationError):
        intro.introduction_register(moment=stale, by=admin, school=lindeboom, student=g_a.students.first())
    moment.refresh_from_db()
    assert (moment.places_taken, moment.places_left) == (10, 0)
    with pytest.raises(ValidationError):  # fewer places than taken
        intro.introduction_update(moment=moment, by=admin, date=moment.date, start_time=moment.start_time,
                                  end_time=moment.end_time, places=5, audience=moment.audience)
    intro.introduction_registration_cancel(registration=last, by=admin)
    with pytest.raises(ValidationError):
        intro.introduction_registration_cancel(registration=last, by=admin)
    moment.refresh_from_db()
    assert moment.places_left == 1


def test_register_and_cancel_through_the_pages(demo):
    site = Site.objects.get(name="KDV 't Nestje")
    moment = _moment(site, places=5, audience=IntroductionMoment.Audience.GROUPS)
    group = Group.objects.get(name="7BKO-A")
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("childcare:introduction_register", args=[moment.pk])
    prefix = f"m{moment.pk}-"
    response = teacher.post(url, {prefix + "group": group.pk, prefix + "number": 6})
    shown = next(m for m in response.context["moments"] if m.pk == moment.pk)
    assert response.status_code == 200 and shown.form.errors and not moment.registrations.exists()
    other_group = Group.objects.get(name="7KO")  # of the other network: not offered, refused
    response = teacher.post(url, {prefix + "group": other_group.pk, prefix + "number": 1})
    assert response.status_code == 200 and moment.registrations.count() == 0
    response = teacher.post(url, {prefix + "group": group.pk, prefix + "number": 5})
    assert response.status_code == 302
    registration = moment.registrations.get()
    page = demo.client_for("childcare@uniform.demo").get(reverse("childcare:site_profile", args=[site.pk])).content.decode()
    assert "7BKO-A" in page and "Sofie Peeters" in page
    coordinator_page = demo.client_for("coordinator@uniform.demo").get(reverse("childcare:site_profile", args=[site.pk]))
    assert coordinator_page.status_code == 200 and not coordinator_page.context["moments"][0].visible_registrations
    assert teacher.post(reverse("childcare:registration_cancel", args=[registration.pk])).status_code == 302
    moment.refresh_from_db()
    assert moment.places_left == 5


def test_profile_edit_re_renders_errors_and_saves(demo):
    site = Site.objects.get(name="KDV Zonnebloem")
    client = demo.client_for("childcare@uniform.demo")
    url = reverse("childcare:site_profile_edit", args=[site.pk])
    response = client.post(url, {"vision": "x" * 5000})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"ages", "vision"}
    response = client.post(url, {"ages": ["ages_toddler"], "accents": "Veel buiten spelen"})
    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.ages_toddler, site.ages_baby, site.accents) == (True, False, "Veel buiten spelen")
    directory = demo.client_for("teacher@uniform.demo").get(reverse("childcare:site_directory"), {"age": "ages_toddler", "municipality": "genk"})
    assert [s.name for s in directory.context["sites"]] == ["KDV Zonnebloem"]
    response = client.post(reverse("childcare:introduction_add", args=[site.pk]),
                           {"date": "2020-01-01", "start_time": "10:00", "end_time": "09:00", "places": 0, "audience": "any"})
    assert response.status_code == 200 and {"date", "end_time", "places"} <= set(response.context["form"].errors)


def test_students_read_only_the_profiles_of_their_own_sites(demo):
    student = demo.user("student@uniform.demo")
    assert set(access.site_profiles_visible_to(student).values_list("name", flat=True)) == {"KDV 't Nestje"}


def test_reminder_the_day_before_once(demo):
    moment = IntroductionMoment.objects.get(site__name="BKO De Speelboom", registrations__isnull=False)
    day_before = timezone.make_aware(datetime.combine(moment.date - timedelta(days=1), time(18)))
    due = intro.due_introduction_reminders(day_before)
    assert [(r.registration.moment_id, [u.email for u in r.recipients]) for r in due] == [(moment.pk, ["teacher@uniform.demo"])]
    assert intro.due_introduction_reminders(day_before - timedelta(days=1)) == []
    mail.outbox.clear()
    assert intro.send_introduction_reminders(day_before) == 1
    assert "BKO De Speelboom" in mail.outbox[0].subject and mail.outbox[0].to == ["teacher@uniform.demo"]
    assert intro.send_introduction_reminders(day_before) == 0


def test_a_new_internship_asks_the_documents_the_site_requires(demo):
    from internships.services import internship_create

    site = Site.objects.get(name="KDV 't Nestje")  # the demo profile requires two documents
    student = Group.objects.get(name="7BKO-B").students.filter(internships__isnull=True).first()
    internship = internship_create(
        school=student.school, student=student, programme=student.group.programme, site=site,
        start_date=timezone.localdate() + timedelta(days=60), end_date=timezone.localdate() + timedelta(days=100),
        document_types=[],
    )
    assert {d.document_type.name for d in internship.documents.all()} == {d.name for d in site.required_documents.all()} != set()
