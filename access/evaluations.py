"""Feedback sheets and evaluations: who sees a draft, a shared sheet, each part of an evaluation, and who signs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from access.internships import internship_roles, internships_visible_to
from access.memberships import (
    _filter,
    childcare_admin_org_ids,
    coach_site_ids,
    mentor_site_ids,
    school_admin_school_ids,
    student_school_ids,
    teacher_school_ids,
)
from tenancy.models import Role


def feedback_sheets_visible_to(user) -> QuerySet:
    """Feedback sheets the person may open.

    A draft is the mentor's (and, where the site has coach review, its coaches'); a sheet
    with the coach is also seen by the organisation's admins; only a shared sheet reaches the
    student, the teacher and the school admin."""
    from evaluations.models import FeedbackSheet

    S = FeedbackSheet.Status
    parts: list[Q] = []
    if ids := mentor_site_ids(user):
        parts.append(Q(internship__mentor=user, internship__site_id__in=ids))
    if ids := coach_site_ids(user):
        parts.append(Q(internship__site_id__in=ids) & (~Q(status=S.DRAFT) | Q(internship__site__coach_review=True)))
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(internship__site__organisation_id__in=ids) & ~Q(status=S.DRAFT))
    if ids := school_admin_school_ids(user):
        parts.append(Q(internship__school_id__in=ids, status=S.SHARED))
    if ids := teacher_school_ids(user):
        parts.append(Q(internship__teacher=user, internship__school_id__in=ids, status=S.SHARED))
    if ids := student_school_ids(user):
        parts.append(Q(internship__student__user=user, internship__school_id__in=ids, status=S.SHARED))
    return _filter(FeedbackSheet.objects, parts)


@dataclass(frozen=True)
class SheetRights:
    roles: frozenset
    status: str
    coach_review: bool

    @property
    def edit(self) -> bool:  # ratings and texts of a draft
        if self.status != "draft":
            return False
        return Role.MENTOR in self.roles or (Role.COACH in self.roles and self.coach_review)

    @property
    def submit(self) -> bool:
        return self.status == "draft" and Role.MENTOR in self.roles

    @property
    def review(self) -> bool:  # comment to the mentor, approve or send back
        return self.status == "in_review" and Role.COACH in self.roles

    @property
    def addendum(self) -> bool:
        return self.status == "shared" and Role.MENTOR in self.roles

    @property
    def reflect(self) -> bool:
        return self.status == "shared" and Role.STUDENT in self.roles

    @property
    def see_coach_comment(self) -> bool:
        return bool(self.roles & {Role.MENTOR, Role.COACH})


def sheet_rights(user, sheet) -> SheetRights:
    internship = sheet.internship
    return SheetRights(frozenset(internship_roles(user, internship)), sheet.status, internship.site.coach_review)


def evaluations_visible_to(user) -> QuerySet:
    """Evaluations of the internships the person sees; what of it they see is EvaluationRights."""
    from evaluations.models import Evaluation

    return Evaluation.objects.filter(internship__in=internships_visible_to(user))


@dataclass(frozen=True)
class EvaluationRights:
    roles: frozenset
    locked: bool
    mentor_signed: bool
    teacher_signed: bool

    def _any(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def edit_mentor_part(self) -> bool:  # levels, cluster remarks, advice: the mentor's, until signed
        return not self.locked and not self.mentor_signed and self._any(Role.MENTOR)

    @property
    def edit_school_part(self) -> bool:  # assessment, decision, conversation: the school decides
        return not self.locked and not self.teacher_signed and self._any(Role.TEACHER, Role.SCHOOL_ADMIN)

    @property
    def edit_self(self) -> bool:  # the student's self-assessment
        return not self.locked and self._any(Role.STUDENT)

    @property
    def sign_mentor(self) -> bool:
        return not self.locked and not self.mentor_signed and self._any(Role.MENTOR)

    @property
    def sign_teacher(self) -> bool:
        return not self.locked and not self.teacher_signed and self._any(Role.TEACHER)

    @property
    def see_mentor_part(self) -> bool:  # the student reads it once signed
        return self.locked or bool(self.roles - {Role.STUDENT})

    @property
    def see_school_part(self) -> bool:  # the site reads the school's part once signed
        return self.locked or self._any(Role.TEACHER, Role.SCHOOL_ADMIN)

    @property
    def see_self(self) -> bool:
        return self._any(Role.STUDENT, Role.TEACHER, Role.SCHOOL_ADMIN, Role.MENTOR)

    @property
    def correct(self) -> bool:  # a new revision of a signed evaluation
        return self.locked and self._any(Role.TEACHER, Role.SCHOOL_ADMIN)

    @property
    def start(self) -> bool:
        return self._any(Role.MENTOR, Role.TEACHER)


def evaluation_rights(user, evaluation) -> EvaluationRights:
    return EvaluationRights(
        frozenset(internship_roles(user, evaluation.internship)), evaluation.locked_at is not None,
        evaluation.mentor_signed_at is not None, evaluation.teacher_signed_at is not None,
    )


def evaluation_rights_for_internship(user, internship) -> EvaluationRights:
    """Rights before any evaluation exists (who may start one)."""
    return EvaluationRights(frozenset(internship_roles(user, internship)), False, False, False)
