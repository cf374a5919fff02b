"""Internships: who sees one, and what each role may do on it (InternshipRights)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from access.memberships import (
    _union,
    childcare_admin_org_ids,
    coach_site_ids,
    mentor_site_ids,
    roles_of,
    school_admin_school_ids,
    student_school_ids,
    teacher_school_ids,
)
from access.policy import allows
from internships.models import Internship
from tenancy.models import Role


def _school_admin_q(user) -> Q | None:
    return Q(school_id__in=ids) if (ids := school_admin_school_ids(user)) else None


def _teacher_q(user) -> Q | None:
    return Q(teacher=user, school_id__in=ids) if (ids := teacher_school_ids(user)) else None


def _childcare_admin_q(user) -> Q | None:
    return Q(site__organisation_id__in=ids) if (ids := childcare_admin_org_ids(user)) else None


def _coach_q(user) -> Q | None:
    return Q(site_id__in=ids) if (ids := coach_site_ids(user)) else None


def _mentor_q(user) -> Q | None:
    return Q(mentor=user, site_id__in=ids) if (ids := mentor_site_ids(user)) else None


def _student_q(user) -> Q | None:
    return Q(student__user=user, school_id__in=ids) if (ids := student_school_ids(user)) else None


#: Which internships each role links a person to (the policy says whether that role opens them).
_ROLE_Q: dict[str, Callable[[Any], Q | None]] = {
    Role.SCHOOL_ADMIN: _school_admin_q,
    Role.TEACHER: _teacher_q,
    Role.CHILDCARE_ADMIN: _childcare_admin_q,
    Role.COACH: _coach_q,
    Role.MENTOR: _mentor_q,
    Role.STUDENT: _student_q,
}


def _role_internship_q(user, role: str) -> Q | None:
    """The internships the person opens through one role (None: none, or the role may not)."""
    if role not in _ROLE_Q or not allows({role}, "internship.read"):
        return None
    return _ROLE_Q[role](user)


def _internship_q(user) -> Q | None:
    """The union of the person's rights on internships, as one Q (None: nothing)."""
    parts = [q for role in _ROLE_Q if (q := _role_internship_q(user, role)) is not None]
    return _union(parts)


def _across(q: Q, relation: str) -> Q:
    """``q`` (a condition on internships) as a condition on another model's ``relation`` to its
    internship (``internship``: ``school_id__in`` becomes ``internship__school_id__in``)."""
    children: list[Any] = q.children  # sub-Qs and (lookup, value) pairs
    return Q(*(_across(c, relation) if isinstance(c, Q) else (f"{relation}__{c[0]}", c[1]) for c in children),
             _connector=q.connector, _negated=q.negated)


def visible_internship_q(user, relation: str) -> Q | None:
    """The internships the person may open, as a condition on a model's ``relation`` to its
    internship (a forward foreign key: one internship per row, so a join, never more rows).
    ``relation__in=internships_visible_to(user)`` made an ``IN (SELECT …)`` that PostgreSQL
    plans as one more relation: an evaluation's page spent twice as long planning (ADR 0021)."""
    q = _internship_q(user)
    return None if q is None else _across(q, relation)


def internships_visible_to(user) -> QuerySet[Internship]:
    """Internships the person may open. The coordinator sees counts only, so none here."""
    q = _internship_q(user)
    if q is None:
        return Internship.objects.none()
    # No DISTINCT: every condition follows many-to-one relations (school, site, its
    # organisation, the student's user), so no internship comes twice; DISTINCT over the
    # list's joined columns made PostgreSQL sort every row (ADR 0021).
    return Internship.objects.filter(q)


def internships_through(user, role: str) -> QuerySet[Internship]:
    """The internships the person sees through one of their roles (the role homes list them
    per role): that role's part of ``internships_visible_to``, none when the role does not
    hold "internship.read"; together they are exactly that set (tests/test_home_access.py
    checks it for every demo login)."""
    q = _role_internship_q(user, role)
    return Internship.objects.none() if q is None else Internship.objects.filter(q)


def internships_with_people(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """Everything an internship list or card shows, in one query."""
    return qs.select_related(
        "student", "student__group", "school", "site", "site__organisation", "mentor", "teacher",
        "catalogue_version", "catalogue_version__programme",
    )


def internship_or_404(user, pk, *related: str) -> Internship:
    """One internship the person sees, with its people loaded (and ``related``), else 404: the
    single door the views use to reach an internship."""
    qs = internships_with_people(internships_visible_to(user))
    return one_or_404(qs.select_related(*related) if related else qs, pk)


def one_or_404(qs: QuerySet, pk) -> Any:
    """The row of ``qs`` with primary key ``pk``, else 404 (``get_object_or_404``'s answer).
    Without ``get()``'s ``LIMIT 21``: for a limited query PostgreSQL plans every join order
    for a fast start too, and with the ten joins of an internship and its people that planning
    took longer than the query (hub 2.0 → 1.2 ms, an evaluation 12 → 3 ms; ADR 0021). ``qs``
    follows forward relations only (``select_related``), so ``pk`` matches one row at most."""
    from django.http import Http404

    rows = list(qs.filter(pk=pk).order_by())
    if not rows:
        raise Http404(f"No {qs.model._meta.object_name} matches the given query.")
    return rows[0]


def require(allowed: bool) -> None:
    """A person who sees the object but whose role may not do this gets 403."""
    if not allowed:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def internship_roles(user, internship) -> set[str]:
    """Through which roles the person sees this internship (no queries beyond memberships;
    ``internship.site`` and ``internship.student`` should be loaded)."""
    roles: set[str] = set()
    if internship.school_id in school_admin_school_ids(user):
        roles.add(Role.SCHOOL_ADMIN)
    if internship.teacher_id == user.pk and internship.school_id in teacher_school_ids(user):
        roles.add(Role.TEACHER)
    if internship.site.organisation_id in childcare_admin_org_ids(user):
        roles.add(Role.CHILDCARE_ADMIN)
    if internship.site_id in coach_site_ids(user):
        roles.add(Role.COACH)
    if internship.mentor_id == user.pk and internship.site_id in mentor_site_ids(user):
        roles.add(Role.MENTOR)
    if internship.student.user_id == user.pk and internship.school_id in student_school_ids(user):
        roles.add(Role.STUDENT)
    return roles


@dataclass(frozen=True)
class InternshipRights:
    """What one person may do on one internship (the policy's rows for its parts)."""

    roles: frozenset

    def _allows(self, rule: str) -> bool:
        return allows(self.roles, rule)

    @property
    def edit_intake(self) -> bool:  # intake record and schedule: W teacher own, W mentor own
        return self._allows("intake.write")

    @property
    def edit_documents(self) -> bool:  # status of required documents
        return self._allows("documents.edit")

    @property
    def approve_documents(self) -> bool:  # the mentor marks handed in; approving is for the others
        return self._allows("documents.approve")

    @property
    def upload_documents(self) -> bool:
        return self._allows("documents.upload")

    @property
    def manage_documents(self) -> bool:  # which documents are asked, due dates
        return self._allows("documents.manage")

    @property
    def manage_visits(self) -> bool:
        return self._allows("visits.write")

    @property
    def log_hours(self) -> bool:
        return self._allows("hours.log")

    @property
    def confirm_hours(self) -> bool:
        return self._allows("hours.confirm")

    @property
    def change_people(self) -> bool:  # mentor, teacher, period of the internship
        return self._allows("internship.manage")

    @property
    def advance_status(self) -> bool:  # start, close
        return self._allows("internship.advance")

    @property
    def override_guardrails(self) -> bool:  # start or close despite what blocks it, with a reason
        return self._allows("internship.override")

    @property
    def write_feedback(self) -> bool:  # start a feedback sheet
        return self._allows("feedback.write")

    @property
    def propose_activities(self) -> bool:  # activity list: the student proposes (the mentor adds directly)
        return self._allows("activities.propose")

    @property
    def confirm_activities(self) -> bool:
        return self._allows("activities.confirm")


def internship_rights(user, internship) -> InternshipRights:
    return InternshipRights(frozenset(internship_roles(user, internship)))


def sees_internships(user) -> bool:
    """Whether any of the person's roles opens internships (the coordinator's does not)."""
    return _internship_q(user) is not None


def document_types_to_configure(user) -> QuerySet:
    """The document types of the network the person coordinates (none for anyone else)."""
    from access.memberships import coordinator_network_ids
    from internships.models import DocumentType

    if not allows(roles_of(user), "documents.configure"):
        return DocumentType.objects.none()
    return DocumentType.objects.filter(network_id__in=coordinator_network_ids(user))


def document_types_to_pick(user, school, internship=None) -> QuerySet:
    """Document types of the school's network its admins may ask for: on a new internship, or
    (``internship``) on one they manage, minus those asked already."""
    from internships.models import DocumentType

    if school.pk not in school_admin_school_ids(user):
        return DocumentType.objects.none()
    qs = DocumentType.objects.filter(network_id=school.network_id)
    if internship is not None:
        if not internship_rights(user, internship).manage_documents:
            return DocumentType.objects.none()
        qs = qs.exclude(pk__in=internship.documents.values("document_type_id"))
    return qs
