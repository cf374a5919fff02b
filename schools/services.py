"""Writes for a school's groups and students. Keyword-only, atomic, ``full_clean()`` before
every save. Each function checks again that what it links belongs to the school (a programme
of the school's network, teachers of the school, a group of the school), whatever the form
already checked: a refusal is a ``ValidationError`` with a message for the person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalogue.models import Programme
from schools import io as schools_io
from schools.models import Group, Student
from schools.selectors import school_teachers
from tenancy.models import Organisation

# --------------------------------------------------------------------------- checks


def _check_links(*, school: Organisation, programme: Programme | None, teachers: Iterable) -> list:
    teachers = list(teachers)
    if programme is not None and programme.network_id != school.network_id:
        raise ValidationError(_("This programme is not one of your network."))
    allowed = set(school_teachers([school.pk]).values_list("pk", flat=True))
    if any(t.pk not in allowed for t in teachers):
        raise ValidationError(_("Only teachers of %(school)s can follow its groups.") % {"school": school.name})
    return teachers


def _save(obj, message: str):
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:  # a race past full_clean: still a clear message
        raise ValidationError(message) from error
    return obj


def _group_exists_message(name: str, school_year: str) -> str:
    return _("There is already a group %(name)s in %(year)s.") % {"name": name, "year": school_year}


def _check_group_name(*, school: Organisation, name: str, school_year: str, exclude: int | None = None) -> None:
    same = Group.objects.filter(school=school, school_year=school_year, name__iexact=name)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(_group_exists_message(name, school_year))


def _check_student_name(*, group: Group, first_name: str, last_name: str, exclude=None) -> None:
    """Within a group a name is unique (the import recognises students by name and group)."""
    same = Student.objects.filter(group=group, first_name__iexact=first_name, last_name__iexact=last_name)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(
            _("Group %(group)s already has a student named %(name)s.")
            % {"group": group.name, "name": f"{first_name} {last_name}"}
        )


# --------------------------------------------------------------------------- groups


@transaction.atomic
def group_create(
    *, school: Organisation, name: str, school_year: str, programme: Programme | None = None, teachers: Iterable = ()
) -> Group:
    name, school_year = name.strip(), school_year.strip()
    teachers = _check_links(school=school, programme=programme, teachers=teachers)
    _check_group_name(school=school, name=name, school_year=school_year)
    group = _save(
        Group(school=school, name=name, school_year=school_year, programme=programme),
        _group_exists_message(name, school_year),
    )
    group.teachers.set(teachers)
    return group


@transaction.atomic
def group_update(
    *, group: Group, name: str, school_year: str, programme: Programme | None, teachers: Iterable
) -> Group:
    group = Group.objects.select_for_update(of=("self",)).select_related("school").get(pk=group.pk)
    name, school_year = name.strip(), school_year.strip()
    teachers = _check_links(school=group.school, programme=programme, teachers=teachers)
    _check_group_name(school=group.school, name=name, school_year=school_year, exclude=group.pk)
    group.name, group.school_year, group.programme = name, school_year, programme
    _save(group, _group_exists_message(name, school_year))
    group.teachers.set(teachers)
    return group


# --------------------------------------------------------------------------- students


def _check_group(school: Organisation, group: Group) -> None:
    if group.school_id != school.pk:
        raise ValidationError(_("This group is not one of %(school)s.") % {"school": school.name})


@transaction.atomic
def student_create(
    *, school: Organisation, group: Group, first_name: str, last_name: str, email: str = "",
    date_of_birth: date | None = None,
) -> Student:
    _check_group(school, group)
    first_name, last_name = first_name.strip(), last_name.strip()
    _check_student_name(group=group, first_name=first_name, last_name=last_name)
    return _save(
        Student(school=school, group=group, first_name=first_name, last_name=last_name,
                email=email.strip().lower(), date_of_birth=date_of_birth),
        _("This student could not be saved; try again."),
    )


@transaction.atomic
def student_update(
    *, student: Student, group: Group, first_name: str, last_name: str, email: str, date_of_birth: date | None
) -> Student:
    student = Student.objects.select_for_update(of=("self",)).select_related("school").get(pk=student.pk)
    _check_group(student.school, group)
    first_name, last_name = first_name.strip(), last_name.strip()
    _check_student_name(group=group, first_name=first_name, last_name=last_name, exclude=student.pk)
    student.group, student.first_name, student.last_name = group, first_name, last_name
    student.email, student.date_of_birth = email.strip().lower(), date_of_birth
    return _save(student, _("This student could not be saved; try again."))


@transaction.atomic
def student_set_archived(*, student: Student, archived: bool) -> Student:
    """Archive (hide from the group's list, keep everything) or bring back a student."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    if student.is_archived != archived:
        student.is_archived = archived
        student.full_clean()
        student.save(update_fields=["is_archived"])
    return student


# --------------------------------------------------------------------------- import


#: Links the import sets itself (the school, its groups): not looked up again per student.
_CHECKED_LINKS = ["school", "group", "user"]


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    groups_created: int


@transaction.atomic
def import_students(
    *, school: Organisation, school_year: str, programme: Programme | None, table: schools_io.Table
) -> ImportResult:
    """Check and plan ``table`` again, then write all of it, or nothing (one transaction).

    Imports of one school run one after the other (the school's row is locked), so two people
    importing the same file cannot both create its students.
    """
    Organisation.objects.select_for_update().filter(pk=school.pk).first()
    school_year = school_year.strip()
    if not school_year:
        raise ValidationError(_("The school year is missing."))
    _check_links(school=school, programme=programme, teachers=())
    parsed = schools_io.validate(table)
    plan = schools_io.plan_import(school=school, school_year=school_year, parsed=parsed)
    if plan.problems:
        raise ValidationError([_("Row %(row)s: %(message)s") % {"row": p.row, "message": p.message}
                               if p.row else p.message for p in plan.problems])

    groups: dict[str, Group] = {}
    for name in plan.new_groups:
        groups[name.casefold()] = _save(
            Group(school=school, name=name, school_year=school_year, programme=programme),
            _group_exists_message(name, school_year),
        )
    new_students = []
    for planned in plan.rows:
        row = planned.row
        if planned.action == "new":
            student = Student(
                school=school, group=planned.group or groups[row.group.casefold()],
                first_name=row.first_name, last_name=row.last_name, email=row.email, date_of_birth=row.date_of_birth,
                student_number=row.student_number,
            )
            student.full_clean(exclude=_CHECKED_LINKS)
            new_students.append(student)
        elif planned.action == "update":
            existing = planned.student
            assert existing is not None, "the plan names the student an update changes"
            if row.email:
                existing.email = row.email
            if row.date_of_birth:
                existing.date_of_birth = row.date_of_birth
            if row.student_number:  # matched by it (the school's system renamed them) or given for the first time
                existing.student_number = row.student_number
                existing.first_name, existing.last_name = row.first_name, row.last_name
            existing.full_clean(exclude=_CHECKED_LINKS)
            existing.save(update_fields=["email", "date_of_birth", "student_number", "first_name", "last_name"])
    Student.objects.bulk_create(new_students, batch_size=500)
    return ImportResult(
        created=len(new_students), updated=plan.n_update, unchanged=plan.n_unchanged, groups_created=len(groups)
    )
