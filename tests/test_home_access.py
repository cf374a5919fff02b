"""What each demo login's home shows, and what it never shows.

The access matrix (tests/test_isolation.py) only checks that the home answers 200 for everyone;
these tests read the page: the names on it are those the policy lets the person see.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

import access
from internships.models import Internship
from schools.models import Student
from tenancy.models import Role
from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS

#: The home lists internships that are not closed yet (the coach and childcare admin: active only).
OPEN = [s for s in Internship.Status.values if s != Internship.Status.CLOSED]


def _home(demo, login: str) -> str:
    response = demo.client_for(login).get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _names(qs) -> set[str]:
    return {s.full_name for s in qs}


def _students_of(**internship_filter) -> set[str]:
    return _names(Student.objects.filter(internships__in=Internship.objects.filter(**internship_filter)).distinct())


def test_limburg_teacher_sees_their_students_never_those_of_teacher2s_school(demo):
    page = _home(demo, "teacher@uniform.demo")
    own = _students_of(teacher__email="teacher@uniform.demo")
    # A home lists the internships not closed yet; the closed ones are counted and linked (ADR 0021).
    assert own and all(name in page for name in _students_of(teacher__email="teacher@uniform.demo", status__in=OPEN))
    teacher2_school = Student.objects.filter(
        school__memberships__user__email="teacher2@uniform.demo", school__memberships__role=Role.TEACHER
    )
    others = _names(teacher2_school) - own
    assert len(others) >= 5
    assert not [name for name in others if name in page]


def test_teacher2_does_not_see_the_limburg_teachers_students(demo):
    page = _home(demo, "teacher2@uniform.demo")
    own = _students_of(teacher__email="teacher2@uniform.demo")
    assert own and all(name in page for name in _students_of(teacher__email="teacher2@uniform.demo", status__in=OPEN))
    theirs = _students_of(teacher__email="teacher@uniform.demo") - own
    assert theirs and not [name for name in theirs if name in page]


@pytest.mark.parametrize("login", ["coordinator@uniform.demo", "coordinator@other.demo"])
def test_coordinators_see_no_student_name_at_all(demo, login):
    page = _home(demo, login)
    names = _names(Student.objects.all())
    assert len(names) > 40
    assert not [name for name in names if name in page]


def test_the_limburg_coordinator_sees_the_network_figures(demo):
    page = _home(demo, "coordinator@uniform.demo")
    assert "KDV Zonnebloem" in page  # a site that needs attention (more interns than places)
    n = Internship.objects.filter(school__network__slug="limburg").count()
    assert n > 20 and f">{n}<" in page
    assert "Scheldezicht" not in page and "Speelvogel" not in page  # the other network's


def test_mentor2_does_not_see_the_interns_of_mentor(demo):
    page = _home(demo, "mentor2@uniform.demo")
    own = _students_of(mentor__email="mentor2@uniform.demo", status__in=OPEN)
    assert own and all(name in page for name in own)
    mentors = _students_of(mentor__email="mentor@uniform.demo") - _students_of(mentor__email="mentor2@uniform.demo")
    assert len(mentors) >= 4
    assert not [name for name in mentors if name in page]


def test_mentor_sees_their_interns(demo):
    page = _home(demo, "mentor@uniform.demo")
    own = _students_of(mentor__email="mentor@uniform.demo", status__in=OPEN)
    assert demo.emma.full_name in own
    assert all(name in page for name in own)


def test_the_coach_sees_the_interns_of_their_sites_and_no_other(demo):
    page = _home(demo, "coach@uniform.demo")
    coach = demo.user("coach@uniform.demo")
    site_ids = access.coach_site_ids(coach)
    assert len(site_ids) == 2
    coached = _students_of(site_id__in=site_ids, status__in=OPEN)
    assert coached and all(name in page for name in coached)
    elsewhere = _students_of(school__network__slug="limburg") - _students_of(site_id__in=site_ids)
    assert len(elsewhere) >= 5
    assert not [name for name in elsewhere if name in page]


def test_the_childcare_admin_sees_the_interns_of_their_organisation_only(demo):
    page = _home(demo, "childcare@uniform.demo")
    own = _students_of(site__organisation__name="vzw Kindernest", status__in=OPEN)
    assert own and all(name in page for name in own)
    others = _students_of(school__network__slug="limburg") - _students_of(site__organisation__name="vzw Kindernest")
    assert others and not [name for name in others if name in page]


def test_the_school_admin_sees_the_internships_of_their_school_only(demo):
    page = _home(demo, "schooladmin@uniform.demo")
    own = _students_of(school__name="Campus De Lindeboom")
    # The home shows the open internships that need action (at most HOME_LIMIT; the demo has fewer).
    assert own and all(name in page for name in _students_of(school__name="Campus De Lindeboom", status__in=OPEN))
    others = _names(Student.objects.exclude(school__name="Campus De Lindeboom")) - own
    assert others and not [name for name in others if name in page]


@pytest.mark.parametrize("login", ["student@uniform.demo", "student@other.demo"])
def test_the_student_sees_only_themself(demo, login):
    page = _home(demo, login)
    me = Student.objects.get(user__email=login)
    assert me.full_name in page or me.first_name in page
    others = _names(Student.objects.exclude(pk=me.pk)) - {me.full_name}
    assert not [name for name in others if name in page]


@pytest.mark.parametrize("login", ANTWERPEN_LOGINS)
def test_the_other_networks_logins_see_no_limburg_names(demo, login):
    page = _home(demo, login)
    limburg = _names(Student.objects.filter(school__network__slug="limburg"))
    assert not [name for name in limburg if name in page]
    assert "Campus De Lindeboom" not in page and "vzw Kindernest" not in page


@pytest.mark.parametrize("login", LIMBURG_LOGINS + ANTWERPEN_LOGINS)
def test_the_internships_per_role_are_exactly_those_the_person_sees(demo, login):
    """The homes list internships per role (access.internships_through); together the roles
    give exactly internships_visible_to, so a home never shows more than the person may open."""
    user = demo.user(login)
    per_role = set()
    for role in Role.values:
        per_role |= set(access.internships_through(user, role).values_list("pk", flat=True))
    assert per_role == set(access.internships_visible_to(user).values_list("pk", flat=True))
