"""Reads for training. Every builder makes a fixed number of queries, however many courses,
sessions or registrations there are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from tenancy.models import Membership, Role
from training.models import Course, Registration, Session

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class CourseCounts(TypedDict):
    confirmed_count: int
    waiting_count: int
    school_count: int
    first_date: date | None


#: A course from ``with_counts``.
CourseWithCounts: TypeAlias = "WithAnnotations[Course, CourseCounts]"

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


def with_counts(qs: QuerySet[Course]) -> QuerySet[CourseWithCounts]:
    return qs.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=R.CONFIRMED), distinct=True),
        waiting_count=Count("registrations", filter=Q(registrations__status=R.WAITING), distinct=True),
        school_count=Count(
            "registrations", filter=Q(registrations__status=R.CONFIRMED, registrations__side="school"), distinct=True
        ),
        first_date=Min("sessions__date"),
    ).prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("date", "start_time")))


def course_mix(course: CourseWithCounts) -> Mix:
    """Needs ``with_counts``."""
    return Mix(
        course.school_count, course.confirmed_count - course.school_count,
        course.min_school_percent, course.min_workfloor_percent,
    )


def courses_for(user) -> list[CourseWithCounts]:
    """The courses on the person's training page: all of the coordinator's network; for
    participants, the published ones still to come that have free places or that they (or
    their people) are registered for."""
    today = timezone.localdate()
    courses = list(with_counts(access.courses_visible_to(user)).order_by("first_date", "title"))
    mine = set(
        access.registrations_visible_to(user).filter(status__in=Registration.ACTIVE).values_list("course_id", flat=True)
    )
    shown = []
    for course in courses:
        course.mix = course_mix(course)
        course.free = max(course.capacity - course.confirmed_count, 0)
        course.can_manage = access.can_manage_training(user, course.network_id)
        upcoming = course.first_date is None or course.first_date >= today
        if course.can_manage or course.pk in mine or (upcoming and course.free):
            shown.append(course)
    return shown


def course_registrations(course: Course, user) -> list[Registration]:
    """The registrations of a course the person may see, with people and attendance."""
    registrations = list(
        access.registrations_visible_to(user)
        .filter(course=course)
        .select_related("user", "organisation")
        .prefetch_related("attendances")
        .order_by("status", "created_at")
    )
    for registration in registrations:
        registration.course = course  # no query per row for the course
    return registrations


# --------------------------------------------------------------------------- what can be done now
# The rules the services apply before a change, as reasons: None means the change can be
# made. The services refuse with the reason; the course page offers a button only when its
# reason is None, so no button leads to an error message.


def _first_date(course: Course) -> date | None:
    if hasattr(course, "first_date"):  # annotated by ``with_counts``
        return course.first_date
    return course.sessions.order_by("date").values_list("date", flat=True).first()


def registration_closed_reason(course: Course, *, today: date | None = None) -> str | None:
    """Why nobody can register for the course now; None while registration is open."""
    today = today or timezone.localdate()
    if not course.is_published:
        return _("This course is not open for registration.")
    if course.registration_deadline and today > course.registration_deadline:
        return _("The registration deadline has passed.")
    first = _first_date(course)
    if first and first < today:
        return _("This course has started already.")
    return None


def cancel_refused_reason(registration: Registration) -> str | None:
    """Why the registration cannot be cancelled; None if it can."""
    if registration.status not in Registration.ACTIVE:
        return _("This registration is not active.")
    if registration.completed_on:
        return _("A completed course cannot be cancelled.")
    return None


def decline_refused_reason(registration: Registration) -> str | None:
    """Why the coordinator cannot decline the registration; None if they can."""
    if registration.status not in Registration.ACTIVE:
        return _("This registration is not active.")
    if registration.completed_on or any(a.present for a in registration.attendances.all()):
        return _("This person attended already; their registration cannot be declined.")
    return None


def accept_refused_reason(registration: Registration, *, full: bool, registered_again: bool) -> str | None:
    """Why the coordinator cannot give the person a place; None if they can. ``full``: no seat
    is free; ``registered_again``: the person has another active registration for the course."""
    if registration.status == R.CONFIRMED:
        return _("This person has a place already.")
    if registration.status == R.CANCELLED:
        return _("This registration was cancelled.")
    if registered_again:
        return _("%(name)s is registered already.") % {"name": registration.user}
    if full:
        return _("The course is full. Decline someone first to free a place.")
    return None


def has_certificate(registration: Registration) -> bool:
    return registration.status == R.CONFIRMED and registration.completed_on is not None


@dataclass(frozen=True)
class RegistrationActions:
    """The buttons a registration row (or the person's own registration) gets."""

    certificate: bool = False
    cancel: bool = False
    accept: bool = False
    decline: bool = False


def registration_actions(user, course: CourseWithCounts, registrations: list[Registration], *, can_manage: bool) -> None:
    """Set ``actions`` (RegistrationActions) and ``attended`` (per session, True if present) on
    each registration of ``course_registrations``: only what can succeed now. ``can_manage``:
    the person is the network's coordinator (who sees every registration of the course)."""
    session_ids = [s.pk for s in course.sessions.all()]
    full = course.confirmed_count >= course.capacity  # needs ``with_counts``
    active = Counter(r.user_id for r in registrations if r.status in Registration.ACTIVE)
    for registration in registrations:
        present = {a.session_id for a in registration.attendances.all() if a.present}
        registration.attended = [pk in present for pk in session_ids]
        others = active[registration.user_id] - (registration.status in Registration.ACTIVE)
        registration.actions = RegistrationActions(
            certificate=has_certificate(registration),
            cancel=access.can_cancel_registration(user, registration) and not cancel_refused_reason(registration),
            accept=can_manage and not accept_refused_reason(registration, full=full, registered_again=others > 0),
            decline=can_manage and not decline_refused_reason(registration),
        )


def my_registrations(user) -> list[Registration]:
    return list(
        Registration.objects.filter(user=user, course__in=access.courses_visible_to(user))
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
            course__in=access.courses_visible_to(user),
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


# --------------------------------------------------------------------------- calibration cases


def cases_by_session(user, course: Course) -> dict[int, list]:
    """The calibration cases of the course the person may open, per session (one query)."""
    out: dict[int, list] = {}
    for case in access.cases_visible_to(user).filter(session__course=course).order_by("created_at", "pk"):
        out.setdefault(case.session_id, []).append(case)
    return out


@dataclass
class CaseLine:
    """One indicator of a case: its reference and the spread of the participants' levels."""

    item: object
    counts: list[tuple[object, int, bool]]  # (level, how many, is the reference)
    raters: int
    mine: int | None  # the person's own level id

    @property
    def reference(self):
        return self.item.reference_level  # type: ignore[attr-defined]

    @property
    def at_reference(self) -> int:
        return next((n for _lvl, n, ref in self.counts if ref), 0)


def case_page(case, user) -> dict:
    """The case's indicators with the reference and the spread (counts per level, never who),
    the person's own levels, how many took part. Four queries."""
    from catalogue.models import RatingLevel
    from training.models import CaseRating

    items = list(case.items.select_related("indicator", "indicator__cluster", "reference_level"))
    levels = list(RatingLevel.objects.filter(scale__version_id=case.catalogue_version_id).order_by("value"))
    counts: Counter = Counter()
    raters: set[int] = set()
    mine: dict[int, int] = {}
    for item_id, level_id, user_id in CaseRating.objects.filter(item__case=case).values_list("item_id", "level_id", "user_id"):
        counts[(item_id, level_id)] += 1
        raters.add(user_id)
        if user_id == user.pk:
            mine[item_id] = level_id
    participants = Registration.objects.filter(course_id=case.session.course_id, status=R.CONFIRMED).count()
    lines = [
        CaseLine(item, [(lvl, counts[(item.pk, lvl.pk)], lvl.pk == item.reference_level_id) for lvl in levels],
                 sum(counts[(item.pk, lvl.pk)] for lvl in levels), mine.get(item.pk))
        for item in items
    ]
    return {"lines": lines, "levels": levels, "raters": len(raters), "participants": participants,
            "rated": bool(mine) and len(mine) == len(items)}
