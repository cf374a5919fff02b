"""Writes for internships. The full lifecycle (intake, documents, visits, hours) is built on
these in the internships issue; here: creating one, pinned to the current catalogue version."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.models import Programme
from catalogue.services import current_version
from internships.models import Internship
from mentors.models import Site
from schools.models import Student
from uniform.models import Membership, Role


@transaction.atomic
def internship_create(
    *,
    school,
    student: Student,
    programme: Programme,
    site: Site,
    start_date: date,
    end_date: date,
    mentor=None,
    teacher=None,
    required_hours: int = 120,
) -> Internship:
    """A new internship, pinned to the programme's current catalogue version: later versions
    never change it. Everything must belong to the school's network."""
    network_id = school.network_id
    if student.school_id != school.pk:
        raise ValidationError(_("The student does not belong to this school."))
    if programme.network_id != network_id or site.organisation.network_id != network_id:
        raise ValidationError(_("The programme and the site must belong to the school's network."))
    version = current_version(programme)
    if version is None:
        raise ValidationError(_("This programme has no published catalogue version yet."))
    if mentor is not None and not Membership.objects.active().filter(user=mentor, role=Role.MENTOR, site=site).exists():
        raise ValidationError(_("The mentor does not work at this site."))
    if teacher is not None and not Membership.objects.active().filter(
        user=teacher, role=Role.TEACHER, organisation=school
    ).exists():
        raise ValidationError(_("The teacher does not teach at this school."))
    internship = Internship(
        school=school, student=student, site=site, mentor=mentor, teacher=teacher, catalogue_version=version,
        start_date=start_date, end_date=end_date, required_hours=required_hours,
    )
    internship.full_clean()
    internship.save()
    return internship
