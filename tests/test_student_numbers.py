"""Issue 19: a class list from the school's own system (Smartschool, Informat, Wisa) carries the
student number (stamnummer). An import matches on it first: sent again it changes nothing, a
student renamed in the school's system is renamed, not created twice; the same number twice in
a file, or a number that contradicts the student's in Uniform, is a reported row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from schools import io as schools_io
from schools.models import Student
from schools.services import import_students
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = ["voornaam", "achternaam", "klas", "stamnummer"]


def _import(rows):
    school = Organisation.objects.get(name="Campus De Lindeboom")
    table = schools_io.Table(header=HEADER, rows=[(n + 2, cells) for n, cells in enumerate(rows)])
    return school, import_students(school=school, school_year="2026-2027", programme=None, table=table)


def test_a_numbered_list_sent_twice_changes_nothing_and_a_rename_follows_the_number(demo):
    school, first = _import([["Noor", "Claessens", "7BKO-N", "S-1001"], ["Milan", "Jacobs", "7BKO-N", "S-1002"]])
    assert (first.created, first.updated) == (2, 0)
    _school, again = _import([["Noor", "Claessens", "7BKO-N", "S-1001"], ["Milan", "Jacobs", "7BKO-N", "S-1002"]])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # The school's system corrected a name: the same student, renamed.
    _school, renamed = _import([["Noor", "Claessens-Peeters", "7BKO-N", "S-1001"]])
    assert (renamed.created, renamed.updated) == (0, 1)
    noor = Student.objects.get(school=school, student_number="S-1001")
    assert noor.last_name == "Claessens-Peeters"
    assert Student.objects.filter(school=school, first_name="Noor", group__name="7BKO-N").count() == 1


def test_a_known_student_gets_their_number_once_and_a_contradicting_one_is_a_reported_row(demo):
    school, _ = _import([["Lien", "Wouters", "7BKO-N", ""]])
    _school, numbered = _import([["Lien", "Wouters", "7BKO-N", "S-2001"]])
    assert (numbered.created, numbered.updated) == (0, 1)
    assert Student.objects.get(school=school, first_name="Lien", group__name="7BKO-N").student_number == "S-2001"
    with pytest.raises(ValidationError) as refused:
        _import([["Lien", "Wouters", "7BKO-N", "S-9999"]])
    assert "S-2001" in " ".join(refused.value.messages) and "Rij 2" in " ".join(refused.value.messages)


def test_the_same_number_twice_in_a_file_is_reported_and_nothing_is_written(demo):
    before = Student.objects.count()
    with pytest.raises(ValidationError) as refused:
        _import([["An", "Smets", "7BKO-N", "S-3001"], ["Bo", "Smets", "7BKO-N", "S-3001"]])
    assert any("S-3001" in m and "2" in m for m in refused.value.messages)
    assert Student.objects.count() == before
