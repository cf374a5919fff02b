"""Reads for training. Every builder makes a fixed number of queries, however many courses,
sessions or registrations there are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from training import access_rules
from training.models import Course, Registration, Session
from uniform.models import Membership, Role

R = Registration.Status


@dataclass(frozen=True)
class Mix:
    school: int
    workfloor: int
    min_school_percent: int
    min_workfloor_percent: int

    @property
    def total(self) -> int:
        return self.school + self.workfloor

    @property
    def school_percent(self) -> int:
        return round(100 * self.school / self.total) if self.total else 0

    @property
    def workfloor_percent(self) -> int:
        return round(100 * self.workfloor / self.total) if self.total else 0

    @property
    def balanced(self) -> bool:
        return not self.total or (
            self.school_percent >= self.min_school_percent and self.workfloor_percent >= self.min_workfloor_percent
        )


def with_counts(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=R.CONFIRMED), distinct=True),
        waiting_count=Count("registrations", filter=Q(registrations__status=R.WAITING), distinct=True),
        school_count=Count(
            "registrations", filter=Q(registrations__status=R.CONFIRMED, registrations__side="school"), distinct=True
        ),
        first_date=Min("sessions__date"),
    ).prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time")))


def course_mix(course: Course) -> Mix:
    """Needs ``with_counts``."""
    return Mix(
        course.school_count, course.confirmed_count - course.school_count,
        course.min_school_percent, course.min_workfloor_percent,
    )


def courses_for(user) -> list[Course]:
    """The courses on the person's training page: all of the coordinator's network; for
    participants, the published ones still to come that have free places or that they (or
    their people) are registered for."""
    today = timezone.localdate()
    courses = list(with_counts(access_rules.courses_visible_to(user)).order_by("first_date", "title"))
    mine = set(
        access_rules.registrations_visible_to(user).filter(status__in=Registration.ACTIVE).values_list("course_id", flat=True)
    )
    shown = []
    for course in courses:
        course.mix = course_mix(course)
        course.free = max(course.capacity - course.confirmed_count, 0)
        course.can_manage = access_rules.can_manage_training(user, course.network_id)
        upcoming = course.first_date is None or course.first_date >= today
        if course.can_manage or course.pk in mine or (upcoming and course.free):
            shown.append(course)
    return shown


def course_registrations(course: Course, user) -> list[Registration]:
    """The registrations of a course the person may see, with people and attendance."""
    return list(
        access_rules.registrations_visible_to(user)
        .filter(course=course)
        .select_related("user", "organisation")
        .prefetch_related("attendances")
        .order_by("status", "created_at")
    )


def my_registrations(user) -> list[Registration]:
    return list(
        Registration.objects.filter(user=user, course__in=access_rules.courses_visible_to(user))
        .select_related("course")
        .prefetch_related(Prefetch("course__sessions", queryset=Session.objects.order_by("date", "start_time")))
        .order_by("-created_at")
    )


def my_sessions(user) -> list[Session]:
    """Sessions of the courses where the person has a place (for the calendar file)."""
    return list(
        Session.objects.filter(
            course__registrations__user=user,
            course__registrations__status=R.CONFIRMED,
            course__in=access_rules.courses_visible_to(user),
        )
        .select_related("course")
        .distinct()
        .order_by("date", "start_time")
    )


# --------------------------------------------------------------------------- trained mentors


def trained_since(user_ids: Iterable[int], *, network_ids: Iterable[int] | None = None) -> dict[int, date]:
    """Since when each of these people is a trained mentor: the date they completed their first
    mentor training course (study days do not count). People without one are left out.
    ``network_ids``: count only courses of these networks (pass the viewer's networks, so
    nothing crosses a network)."""
    qs = Registration.objects.filter(
        user_id__in=list(user_ids), completed_on__isnull=False, status=R.CONFIRMED, course__kind=Course.Kind.COURSE
    )
    if network_ids is not None:
        qs = qs.filter(course__network_id__in=list(network_ids))
    return dict(qs.values("user_id").annotate(since=Min("completed_on")).values_list("user_id", "since"))


def trained_mentors_per_site(network_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """For the coordinator's overview: site id → (trained mentors, active mentors)."""
    network_ids = list(network_ids)
    rows = list(
        Membership.objects.active()
        .filter(network_id__in=network_ids, role=Role.MENTOR, site__isnull=False)
        .values_list("site_id", "user_id")
    )
    trained = trained_since({user_id for _, user_id in rows}, network_ids=network_ids)
    result: dict[int, tuple[int, int]] = {}
    for site_id, user_id in rows:
        done, total = result.get(site_id, (0, 0))
        result[site_id] = (done + (user_id in trained), total + 1)
    return result
