"""The access audit (ADR 0022): in which role and for which network a person opens something
of a student, and who may read a student's audit.

``viewer`` answers from the person's memberships, which the page's own access check loaded
already (cached on the user): it costs no query. ``audited_student_or_404`` is the door to the
audit pages: the school admin of the student's school, or the student themself; everyone else
(teachers, childcare staff, the coordinator, other networks) gets 404.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404

from access.memberships import active_memberships
from access.policy import allows
from schools.models import Student
from tenancy.models import Role

#: When one person reaches an object through several roles, the row names the most personal
#: link first: the student themself, their mentor, their teacher, then the staff who reach it
#: through their site, organisation or school.
ROLE_ORDER = (Role.STUDENT, Role.MENTOR, Role.TEACHER, Role.COACH, Role.CHILDCARE_ADMIN, Role.SCHOOL_ADMIN)


def _memberships_for(user, *, school_id=None, site_id=None, site_org_id=None, mentor_id=None,
                     teacher_id=None, student_user_id=None) -> dict[str, int]:
    """role → network id of the memberships through which ``user`` reaches the object."""
    found: dict[str, int] = {}
    for m in active_memberships(user):
        role = m.role
        hit = False
        if role == Role.SCHOOL_ADMIN:
            hit = school_id is not None and m.organisation_id == school_id
        elif role == Role.TEACHER:
            hit = school_id is not None and m.organisation_id == school_id and (teacher_id is None or teacher_id == user.pk)
        elif role == Role.STUDENT:
            hit = school_id is not None and m.organisation_id == school_id and student_user_id == user.pk
        elif role == Role.CHILDCARE_ADMIN:
            hit = site_org_id is not None and m.organisation_id == site_org_id
        elif role == Role.COACH:
            hit = site_id is not None and m.site_id == site_id
        elif role == Role.MENTOR:
            hit = site_id is not None and m.site_id == site_id and mentor_id == user.pk
        if hit:
            found.setdefault(role, m.network_id)
    return found


def viewer(user, *, internship=None, student=None, school_id=None) -> tuple[str, int | None]:
    """(role, network id) in which ``user`` opens something of ``internship`` (its people
    loaded: ``access.internship_or_404`` does), of ``student`` (its school id is enough) or of
    a whole school (a batch export). ("", None) when no membership explains it (an operator).
    No query: the memberships are the request's cached ones."""
    if internship is not None:
        student_obj = internship.student
        found = _memberships_for(
            user, school_id=internship.school_id, site_id=internship.site_id, site_org_id=internship.site.organisation_id,
            mentor_id=internship.mentor_id, teacher_id=internship.teacher_id, student_user_id=student_obj.user_id,
        )
    elif student is not None:
        found = _memberships_for(user, school_id=student.school_id, student_user_id=student.user_id)
    elif school_id is not None:
        found = _memberships_for(user, school_id=school_id)
    else:
        found = {}
    for role in ROLE_ORDER:
        if role in found:
            return str(role), found[role]
    return "", None


def audited_students(user):
    """The student records whose access audit ``user`` reads: the school admin's own school's,
    the student's own. The coordinator (and every other role) reads none."""
    memberships = active_memberships(user)
    q = Q(pk__in=[])
    if allows({Role.SCHOOL_ADMIN}, "student.audit"):
        if admin_of := {m.organisation_id for m in memberships if m.role == Role.SCHOOL_ADMIN}:
            q |= Q(school_id__in=admin_of)
    if allows({Role.STUDENT}, "student.audit"):
        if student_of := {m.organisation_id for m in memberships if m.role == Role.STUDENT}:
            q |= Q(school_id__in=student_of, user=user)
    return Student.objects.filter(q)


def audited_student_or_404(user, pk) -> Student:
    return get_object_or_404(audited_students(user).select_related("school", "group"), pk=pk)


def own_student_record(user) -> Student | None:
    """The student record of a student login (their own audit page), else None."""
    if not allows({Role.STUDENT}, "student.audit"):
        return None
    school_ids = {m.organisation_id for m in active_memberships(user) if m.role == Role.STUDENT}
    if not school_ids:
        return None
    return Student.objects.filter(user=user, school_id__in=school_ids).select_related("school").first()


def sees_audit_as_admin(user, student) -> bool:
    """Whether ``user`` reads ``student``'s audit as the school's admin (names of the objects
    linked, the student's own views listed) rather than as the student."""
    return allows({Role.SCHOOL_ADMIN}, "student.audit") and any(
        m.role == Role.SCHOOL_ADMIN and m.organisation_id == student.school_id for m in active_memberships(user)
    )
