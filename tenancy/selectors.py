"""Reads for invitations (the pages of tenancy.views)."""

from __future__ import annotations

import access
from schools.models import Student
from tenancy.models import Role


def student_invitation_initial(user, student: Student) -> dict | None:
    """What the invitation form opens with for a student record the person sees (the "invite"
    link of the student's page): that record, its school's student role, its email and name.
    None: the person cannot invite this student (archived, already has an account)."""
    if not access.students_to_invite(user).filter(pk=student.pk).exists():
        return None
    target = next(
        (
            t for t in access.invite_targets(user)
            if t.role == Role.STUDENT and t.organisation and t.organisation.pk == student.school_id
        ),
        None,
    )
    return {
        "target": target.key if target else "",
        "student": student.pk,
        "email": student.email,
        "full_name": student.full_name,
    }
