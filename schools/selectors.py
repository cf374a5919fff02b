"""Reads for the schools pages. Who may see what comes from ``access``; these
functions shape what a page shows in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

import access
from catalogue.models import Programme
from evaluations.models import Evaluation, EvaluationRating, FeedbackSheet
from internships.models import Internship, RequiredDocument
from schools.models import Group, Student
from tenancy.models import InvitationQuerySet, Organisation, Role, User


def school_teachers(school_ids) -> QuerySet[User]:
    """People with an active teacher membership in one of these schools (the only ones a
    group's teachers may be chosen from)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.TEACHER,
            memberships__is_active=True,
            memberships__organisation_id__in=list(school_ids),
        )
        .distinct()
        .order_by("full_name", "email")
    )


def school_groups(school: Organisation) -> QuerySet[Group]:
    """The groups of a school the caller manages, newest school year first."""
    return Group.objects.filter(school=school).order_by("-school_year", "name")


def import_targets(school: Organisation, school_year: str) -> tuple[dict[str, Group], list[Student]]:
    """For an import: the school's groups of ``school_year`` (by folded name) and their
    students, archived ones included. Two queries (none for the students without groups)."""
    groups = {g.name.casefold(): g for g in Group.objects.filter(school=school, school_year=school_year)}
    if not groups:
        return groups, []
    students = list(Student.objects.filter(school=school, group__in=list(groups.values())).select_related("group"))
    return groups, students


def numbered_students(school: Organisation, numbers: set[str]) -> dict[str, Student]:
    """For an import: the school's students with one of these student numbers (one query, none
    without numbers), by number."""
    if not numbers:
        return {}
    return {s.student_number: s for s in Student.objects.filter(school=school, student_number__in=numbers).select_related("group")}


def school_programmes(schools) -> QuerySet[Programme]:
    """Programmes of the schools' networks (a group follows one of its own network)."""
    return Programme.objects.filter(network_id__in={s.network_id for s in schools}).order_by("name")


def _with_counts(groups: QuerySet[Group]) -> QuerySet[Group]:
    return groups.annotate(
        n_students=Count("students", filter=Q(students__is_archived=False), distinct=True),
        n_archived=Count("students", filter=Q(students__is_archived=True), distinct=True),
    ).select_related("programme").prefetch_related(
        Prefetch("teachers", queryset=User.objects.order_by("full_name", "email"))
    )


@dataclass(frozen=True)
class SchoolsOverview:
    """The schools page: managed schools (each with ``group_list``) and groups taught elsewhere."""

    schools: list[Organisation]
    taught_groups: list[Group]


def schools_overview(user) -> SchoolsOverview:
    """What the schools page shows: the managed schools with their groups, and the groups the
    person teaches at other schools (read-only). Four queries whatever the number of groups."""
    managed = list(access.managed_schools(user).select_related("network").order_by("name"))
    managed_ids = {s.pk for s in managed}
    groups = list(
        _with_counts(Group.objects.filter(school_id__in=managed_ids)).order_by("-school_year", "name")
    ) if managed_ids else []
    for school in managed:
        school.group_list = [g for g in groups if g.school_id == school.pk]
    taught = list(
        _with_counts(
            access.groups_visible_to(user).filter(teachers=user).exclude(school_id__in=managed_ids)
        ).select_related("school").order_by("school__name", "-school_year", "name")
    ) if access.teacher_school_ids(user) else []
    return SchoolsOverview(schools=managed, taught_groups=taught)


def group_students(group: Group, *, search: str = "", show_archived: bool = False) -> QuerySet[Student]:
    """The group's students, filtered: every word of ``search`` in a name or the email."""
    students = Student.objects.filter(group=group).only(
        "id", "first_name", "last_name", "email", "date_of_birth", "is_archived", "group_id", "school_id", "user_id"
    )
    if not show_archived:
        students = students.filter(is_archived=False)
    for word in search.split()[:5]:
        students = students.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return students.order_by("last_name", "first_name", "id")


def school_for_staff(user, pk: int) -> Organisation | None:
    """A school the person works at (admin or teacher), or None: the import page of a school
    answers 404 to everyone else and 403 to its teachers."""
    return access.staff_schools(user).select_related("network").filter(pk=pk).first()


def latest_school_year(school: Organisation) -> str:
    year = Group.objects.filter(school=school).order_by("-school_year").values_list("school_year", flat=True).first()
    return year or Group._meta.get_field("school_year").get_default()


def account_states(user, students) -> dict:
    """The account column of these student records, by id: "account" (linked to an account),
    "invited" (a pending invitation the person can see is tied to it) or "invite" (the person
    may invite them: ``access.students_to_invite``). Two queries, none for non-inviters."""
    students = list(students)
    states = {s.pk: "account" for s in students if s.user_id}
    if not access.can_invite(user):
        return states
    ids = [s.pk for s in students if not s.user_id]
    if not ids:
        return states
    # access filters Invitation.objects, so this is an InvitationQuerySet (typed as a plain QuerySet).
    visible = cast(InvitationQuerySet, access.invitations_visible_to(user))
    invited = set(
        visible.pending().filter(student_id__in=ids).values_list("student_id", flat=True)
    )
    states.update({pk: "invited" for pk in invited})
    states.update(
        {pk: "invite" for pk in access.students_to_invite(user).filter(pk__in=ids).values_list("pk", flat=True)
         if pk not in invited}
    )
    return states


# --------------------------------------------------------------------------- the group overview


def _per_internship(qs, aggregate, *, field="internship"):
    """``aggregate`` of ``qs`` for the outer internship, as a subquery (0 or None when empty)."""
    value = Subquery(qs.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(v=aggregate).values("v"))
    return Coalesce(value, 0) if isinstance(aggregate, Count) else value


def group_overview(group, *, visible) -> list[Internship]:
    """Each student's internship(s) of the group, with what a teacher needs to see at a glance,
    and the reasons to worry (at risk)."""
    today = timezone.localdate()
    internships = list(
        visible.filter(student__group=group)
        .exclude(status=Internship.Status.CLOSED)
        .select_related("student", "site", "mentor")
        .annotate(
            # Each figure is its own subquery: joining sheets, documents, evaluations and their
            # ratings in one query multiplied the rows (sheets × documents × ratings per student).
            last_feedback=_per_internship(FeedbackSheet.objects.filter(status="shared"), Max("date")),
            n_overdue=_per_internship(RequiredDocument.objects.filter(status="missing", due_date__lt=today), Count("pk")),
            n_insufficient=_per_internship(
                EvaluationRating.objects.filter(evaluation__kind="midterm", evaluation__locked_at__isnull=False,
                                                evaluation__corrected_by__isnull=True, level__is_sufficient=False),
                Count("pk"), field="evaluation__internship",
            ),
            n_midterm_locked=_per_internship(Evaluation.objects.filter(kind="midterm", locked_at__isnull=False), Count("pk")),
        )
        .order_by("student__last_name", "student__first_name")
    )
    for i in internships:
        i.risks = []
        started = i.status not in (Internship.Status.PLANNED, Internship.Status.INTAKE_DONE)
        if i.n_insufficient:
            i.risks.append("insufficient")
        if started and (i.last_feedback is None or i.last_feedback < today - timedelta(days=14)) and i.start_date < today - timedelta(days=14):
            i.risks.append("no_feedback")
        halfway = i.start_date + (i.end_date - i.start_date) / 2
        if started and not i.n_midterm_locked and today > halfway + timedelta(days=7):
            i.risks.append("midterm_overdue")
        if i.n_overdue:
            i.risks.append("documents")
    return internships
