"""Feedback sheets and evaluations: who sees a draft, a shared sheet, each part of an evaluation, and who signs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from access.internships import internship_roles, visible_internship_q
from access.memberships import (
    _filter,
    childcare_admin_org_ids,
    coach_site_ids,
    holds,
    mentor_site_ids,
    school_admin_school_ids,
    student_school_ids,
    teacher_school_ids,
)
from access.policy import allows
from tenancy.models import Role


def _sheet_status_q(role: str) -> Q | None:
    """Which sheets (by status) one role reads, by the policy's feedback.read_* rules; None: none."""
    from evaluations.models import FeedbackSheet

    S = FeedbackSheet.Status
    statuses = [s for s in (S.DRAFT, S.IN_REVIEW, S.SHARED) if allows({role}, f"feedback.read_{s.value}")]
    on_review = S.DRAFT not in statuses and allows({role}, "feedback.read_draft_on_review")
    if len(statuses) == 3:
        return Q()
    q = Q(status__in=statuses) if statuses else None
    if on_review:
        review_q = Q(status=S.DRAFT, internship__site__coach_review=True)
        q = review_q if q is None else q | review_q
    return q


def feedback_sheets_visible_to(user) -> QuerySet:
    """Feedback sheets the person may open.

    A draft is the mentor's (and, where the site has coach review, its coaches'); a sheet
    with the coach is also seen by the organisation's admins; only a shared sheet reaches the
    student, the teacher and the school admin."""
    from evaluations.models import FeedbackSheet

    parts: list[Q] = []
    if (st := _sheet_status_q(Role.MENTOR)) is not None and (ids := mentor_site_ids(user)):
        parts.append(Q(internship__mentor=user, internship__site_id__in=ids) & st)
    if (st := _sheet_status_q(Role.COACH)) is not None and (ids := coach_site_ids(user)):
        parts.append(Q(internship__site_id__in=ids) & st)
    if (st := _sheet_status_q(Role.CHILDCARE_ADMIN)) is not None and (ids := childcare_admin_org_ids(user)):
        parts.append(Q(internship__site__organisation_id__in=ids) & st)
    if (st := _sheet_status_q(Role.SCHOOL_ADMIN)) is not None and (ids := school_admin_school_ids(user)):
        parts.append(Q(internship__school_id__in=ids) & st)
    if (st := _sheet_status_q(Role.TEACHER)) is not None and (ids := teacher_school_ids(user)):
        parts.append(Q(internship__teacher=user, internship__school_id__in=ids) & st)
    if (st := _sheet_status_q(Role.STUDENT)) is not None and (ids := student_school_ids(user)):
        parts.append(Q(internship__student__user=user, internship__school_id__in=ids) & st)
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
        return allows(self.roles, "feedback.write") or (allows(self.roles, "feedback.write_on_review") and self.coach_review)

    @property
    def submit(self) -> bool:
        return self.status == "draft" and allows(self.roles, "feedback.write")

    @property
    def review(self) -> bool:  # comment to the mentor, approve or send back
        return self.status == "in_review" and allows(self.roles, "feedback.review")

    @property
    def addendum(self) -> bool:
        return self.status == "shared" and allows(self.roles, "feedback.addendum")

    @property
    def reflect(self) -> bool:
        return self.status == "shared" and allows(self.roles, "feedback.reflect")

    @property
    def see_coach_comment(self) -> bool:
        return allows(self.roles, "feedback.see_coach_comment")


def sheet_rights(user, sheet) -> SheetRights:
    internship = sheet.internship
    return SheetRights(frozenset(internship_roles(user, internship)), sheet.status, internship.site.coach_review)


def evaluations_visible_to(user) -> QuerySet:
    """Evaluations of the internships the person sees; what of it they see is EvaluationRights."""
    from evaluations.models import Evaluation

    q = visible_internship_q(user, "internship")
    return Evaluation.objects.none() if q is None else Evaluation.objects.filter(q)


@dataclass(frozen=True)
class EvaluationRights:
    roles: frozenset
    locked: bool
    mentor_signed: bool
    teacher_signed: bool

    def _allows(self, rule: str) -> bool:
        return allows(self.roles, rule)

    @property
    def edit_mentor_part(self) -> bool:  # levels, cluster remarks, advice: the mentor's, until signed
        return not self.locked and not self.mentor_signed and self._allows("evaluation.write_mentor")

    @property
    def edit_school_part(self) -> bool:  # assessment, decision, conversation: the school decides
        return not self.locked and not self.teacher_signed and self._allows("evaluation.write_school")

    @property
    def edit_self(self) -> bool:  # the student's self-assessment, until the first signature (ADR 0011)
        return not self.locked and not (self.mentor_signed or self.teacher_signed) and self._allows("evaluation.write_self")

    @property
    def sign_mentor(self) -> bool:
        return not self.locked and not self.mentor_signed and self._allows("evaluation.sign_mentor")

    @property
    def sign_teacher(self) -> bool:
        return not self.locked and not self.teacher_signed and self._allows("evaluation.sign_school")

    @property
    def see_mentor_part(self) -> bool:  # the student reads it once signed
        return self.locked or self._allows("evaluation.read_mentor_part")

    @property
    def see_school_part(self) -> bool:  # the site reads the school's part once signed
        return self.locked or self._allows("evaluation.read_school_part")

    @property
    def see_self(self) -> bool:
        return self._allows("evaluation.read_self")

    @property
    def see_mentor_drafts(self) -> bool:  # the history: what the mentor's part was before it was signed
        return self._allows("evaluation.read_mentor_part")

    @property
    def see_school_drafts(self) -> bool:  # the history: what the school's part was before it was signed
        return self._allows("evaluation.read_school_part")

    @property
    def correct(self) -> bool:  # a new revision of a signed evaluation
        return self.locked and self._allows("evaluation.correct")

    @property
    def start(self) -> bool:
        return self._allows("evaluation.start")


def evaluation_rights(user, evaluation) -> EvaluationRights:
    return EvaluationRights(
        frozenset(internship_roles(user, evaluation.internship)), evaluation.locked_at is not None,
        evaluation.mentor_signed_at is not None, evaluation.teacher_signed_at is not None,
    )


def evaluation_rights_for_internship(user, internship) -> EvaluationRights:
    """Rights before any evaluation exists (who may start one)."""
    return EvaluationRights(frozenset(internship_roles(user, internship)), False, False, False)


def can_review_feedback(user) -> bool:
    """The coach's review queue: for the roles that review sheets before they are shared."""
    return holds(user, "feedback.review")
