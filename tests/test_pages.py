"""Role homes, the catalogue browser and the internship page: content and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import CatalogueVersion, Cluster, Indicator
from childcare.models import Site
from internships.models import Internship
from schools.models import Group
from tenancy.models import Membership, Role
from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS
from tests.factories import InternshipFactory, StudentFactory

HOME_EXPECTATIONS = {
    # The coordinator's home: the network's totals and the sites that need attention (ADR 0021).
    "coordinator@uniform.demo": ["Uniform Limburg", "vzw Kindernest", "BKO De Ravotter", "KDV Zonnebloem", "Begeleider in de kinderopvang"],
    "schooladmin@uniform.demo": ["7BKO-A", "7BKO-B", "Sofie Peeters", "Emma Aerts"],
    "teacher@uniform.demo": ["7BKO-A", "Emma Aerts", "An Vermeulen"],
    "teacher2@uniform.demo": ["7 Kinderzorg", "Atheneum Kempenland"],
    "childcare@uniform.demo": ["KDV Zonnebloem", "BKO De Speelboom", "Lotte Maes", "An Vermeulen", "Emma Aerts"],
    "coach@uniform.demo": ["An Vermeulen", "Emma Aerts", "BKO De Speelboom"],
    "mentor@uniform.demo": ["Emma Aerts", "Campus De Lindeboom", "Atheneum Kempenland", "CVO Maasland"],
    "mentor2@uniform.demo": ["BKO De Ravotter", "Atheneum Kempenland"],
    "student@uniform.demo": ["KDV &#x27;t Nestje", "An Vermeulen", "Sofie Peeters"],
    "coordinator@other.demo": ["Uniform Antwerpen", "Geen opvanglocatie vraagt aandacht"],
    "teacher@other.demo": ["Lucas Van Damme", "7KO"],
    "mentor@other.demo": ["Lucas Van Damme", "Campus Scheldezicht"],
    "student@other.demo": ["KDV Speelvogel"],
}


@pytest.mark.parametrize("email", [*LIMBURG_LOGINS, *ANTWERPEN_LOGINS])
def test_each_role_home_shows_real_demo_data(demo, email):
    html = demo.client_for(email).get(reverse("home")).content.decode()
    for text in HOME_EXPECTATIONS[email]:
        assert text in html, f"{email}: {text!r} missing"
    if email.endswith("@other.demo"):
        assert "Lindeboom" not in html and "Limburg" not in html
    else:
        assert "Scheldezicht" not in html and "Antwerpen" not in html


def test_mentor_home_lists_interns_of_all_schools_but_only_own(demo):
    html = demo.client_for("mentor@uniform.demo").get(reverse("home")).content.decode()
    own = Internship.objects.filter(mentor__email="mentor@uniform.demo")
    others = Internship.objects.exclude(mentor__email="mentor@uniform.demo")
    closed = own.filter(status=Internship.Status.CLOSED)
    assert closed.exists()
    # The current interns as cards; the closed internships counted and linked (ADR 0021).
    assert all(i.student.full_name in html for i in own.exclude(status=Internship.Status.CLOSED))
    assert not [i.student.full_name for i in closed if i.student.full_name in html]
    assert f"{closed.count()} afgesloten stage" in html and "?status=closed" in html
    assert not [i.student.full_name for i in others if i.student.full_name in html]


def test_person_with_several_roles_sees_each_section(demo):
    mentor = demo.user("mentor@uniform.demo")
    site = Site.objects.get(name="BKO De Speelboom")
    Membership.objects.create(user=mentor, network=site.organisation.network, organisation=site.organisation, site=site, role=Role.COACH)
    html = demo.client_for("mentor@uniform.demo").get(reverse("home")).content.decode()
    assert 'data-role="mentor"' in html and 'data-role="coach"' in html
    assert html.index('data-role="mentor"') < html.index('data-role="coach"')


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_region(n=15):
    """Add n internships with the demo mentor, teacher and coach at every level of the region."""
    from tenancy.models import Organisation, User

    lindeboom = Organisation.objects.get(name="Campus De Lindeboom")
    nestje = Site.objects.get(name="KDV 't Nestje")
    mentor = User.objects.get(email="mentor@uniform.demo")
    teacher = User.objects.get(email="teacher@uniform.demo")
    group = Group.objects.create(school=lindeboom, name="Extra klas")
    group.teachers.add(teacher)
    version = CatalogueVersion.objects.filter(programme__network=lindeboom.network, status="published").order_by("published_at").first()
    for _ in range(n):
        student = StudentFactory(school=lindeboom, group=group)
        InternshipFactory(student=student, site=nestje, mentor=mentor, teacher=teacher, catalogue_version=version)


@pytest.mark.parametrize("email", [*LIMBURG_LOGINS, "coordinator@other.demo"])
def test_home_query_count_does_not_grow_with_data(demo, email):
    client = demo.client_for(email)
    before = _count_queries(client, reverse("home"))
    _grow_region()
    after = _count_queries(client, reverse("home"))
    assert after == before, f"{email}: {before} → {after} queries"
    assert after <= 15


def test_catalogue_index_and_version_pages(demo):
    client = demo.client_for("mentor@uniform.demo")
    index = client.get(reverse("catalogue:index")).content.decode()
    assert "Begeleider in de kinderopvang" in index and "2026-2027" in index
    version = CatalogueVersion.objects.get(programme__network__slug="limburg")
    page = client.get(reverse("catalogue:version", args=[version.pk])).content.decode()
    assert "Werkhouding" in page and "Communicatie met ouders" in page
    assert "Nog niet zichtbaar" in page and "Zelfstandig en sterk" in page  # the scale
    assert "Onthaal van kinderen en ouders" in page  # an activity
    for indicator in Indicator.objects.filter(version=version):
        assert indicator.code in page


def test_catalogue_drafts_are_for_coordinators_only(demo):
    published = CatalogueVersion.objects.get(programme__network__slug="limburg")
    draft = CatalogueVersion.objects.create(programme=published.programme, label="2027-2028")
    url = reverse("catalogue:version", args=[draft.pk])
    assert demo.client_for("mentor@uniform.demo").get(url).status_code == 404
    assert demo.client_for("coordinator@other.demo").get(url).status_code == 404
    assert demo.client_for("coordinator@uniform.demo").get(url).status_code == 200
    assert "2027-2028" not in demo.client_for("teacher@uniform.demo").get(reverse("catalogue:index")).content.decode()


def test_catalogue_version_query_count_is_constant(demo):
    from catalogue.services import version_create_draft

    client = demo.client_for("coordinator@uniform.demo")
    published = CatalogueVersion.objects.get(programme__network__slug="limburg")
    version = version_create_draft(programme=published.programme, label="2027-2028", based_on=published)
    url = reverse("catalogue:version", args=[version.pk])
    before = _count_queries(client, url)
    cluster = Cluster.objects.create(version=version, code="9", title="Extra", order=9)
    for i in range(30):
        Indicator.objects.create(version=version, cluster=cluster, code=f"9.{i}", text=f"Extra gedrag {i}", order=i)
    assert _count_queries(client, url) == before <= 15


def test_internship_page_shows_people_and_status(demo):
    internship = demo.emma_internship
    html = demo.client_for("student@uniform.demo").get(reverse("internships:detail", args=[internship.pk])).content.decode()
    for text in ["Emma Aerts", "An Vermeulen", "Sofie Peeters", "Campus De Lindeboom", 'aria-current="step"', "2026-2027"]:
        assert text in html


def test_teacher_home_lists_the_visits_they_planned(demo):
    """QA walkthrough: the teacher plans the visits but their home did not show them."""
    from datetime import timedelta

    from django.utils import timezone

    from internships.models import Visit

    emma = demo.emma_internship
    visit = Visit.objects.create(internship=emma, date=timezone.localdate() + timedelta(days=3), created_by=emma.teacher)
    page = demo.client_for("teacher@uniform.demo").get("/").content.decode()
    assert 'id="teacher-visits"' in page and reverse("internships:visit", args=[emma.pk, visit.pk]) in page
    assert "Emma Aerts" in page
    assert "Emma Aerts, KDV" in page
    other = demo.client_for("teacher2@uniform.demo").get("/").content.decode()
    assert reverse("internships:visit", args=[emma.pk, visit.pk]) not in other


def test_what_is_due_links_to_that_part_of_the_internship(demo):
    """QA walkthrough: the mentor's '2 dagen te bevestigen' could not be tapped."""
    emma = demo.emma_internship
    page = demo.client_for("mentor@uniform.demo").get("/").content.decode()
    assert f'href="{reverse("internships:detail", args=[emma.pk])}#hours"' in page
    student = demo.client_for("student@uniform.demo").get("/").content.decode()
    assert "due-link" not in student  # the student's card is a link itself: no link inside a link
