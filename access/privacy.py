"""A student's data: who may export it, erase it, and anonymise a person who leaves (ADR 0024).

Policy rows "a student's data export" (the student themself; the school admin of their school)
and "erasure of a student / anonymisation of a person" (the school admin for the own school's
students and teachers; the childcare admin for the own organisation's mentors and coaches).
Everyone else, the coordinator included, gets a 404: these selectors find nothing for them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import childcare_admin_org_ids, school_admin_school_ids, student_school_ids
from schools.models import Student
from tenancy.models import Membership, Role

#: The roles of a person an organisation's admin may anonymise when they leave.
SCHOOL_STAFF = (Role.TEACHER,)
CHILDCARE_STAFF = (Role.MENTOR, Role.COACH)


def data_export_students(user) -> QuerySet[Student]:
    """Students whose data the person may export: their own record (while they are an active
    student of that school) and every student of a school they administer."""
    return Student.objects.filter(
        Q(school_id__in=school_admin_school_ids(user)) | Q(user_id=user.pk, school_id__in=student_school_ids(user))
    )


def data_exports_visible_to(user) -> QuerySet:
    """The student-data export jobs the person may follow and download: about a student whose
    data they may export. Nothing else (batch exports have their own pages)."""
    from exports.models import ExportJob

    return ExportJob.objects.filter(kind=ExportJob.Kind.STUDENT_DATA, student__in=data_export_students(user))


def erasable_students(user) -> QuerySet[Student]:
    """Students the person may erase: every student of a school they administer."""
    return Student.objects.filter(school_id__in=school_admin_school_ids(user))


def can_erase_student(user, student: Student) -> bool:
    return student.school_id in school_admin_school_ids(user)


def anonymisable_memberships(user) -> QuerySet[Membership]:
    """The memberships of people the person may anonymise: teachers of the schools they
    administer, mentors and coaches of the childcare organisations they administer; never
    their own."""
    return Membership.objects.filter(
        Q(organisation_id__in=school_admin_school_ids(user), role__in=SCHOOL_STAFF)
        | Q(organisation_id__in=childcare_admin_org_ids(user), role__in=CHILDCARE_STAFF)
    ).exclude(user_id=user.pk)


def administers_people(user) -> bool:
    """Whether the person administers an organisation (the page of people who left)."""
    return bool(school_admin_school_ids(user) or childcare_admin_org_ids(user))
