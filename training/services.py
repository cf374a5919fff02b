"""Writes for training. Keyword-only, atomic, ``full_clean()`` before save.

Capacity: ``register`` locks the course row (``select_for_update``) and gives a confirmed
registration the lowest free seat number in 1..capacity; ``UniqueConstraint(course, seat)``
backs that up in the database. When no seat is free, the registration goes on the waiting
list. A participant's cancellation moves the first waiting person up and tells them by email.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import events as notification_events
from tenancy.models import Membership, Organisation
from training import selectors
from training.models import Attendance, CalibrationCase, CaseIndicator, CaseRating, Course, Registration, Session

R = Registration.Status

# --------------------------------------------------------------------------- defaults


def default_sessions(kind: str, today: date | None = None) -> list[tuple[date, time, time]]:
    """Three half-days spread over three months (a course) or one full day (a study day)."""
    today = today or timezone.localdate()
    first = today + timedelta(weeks=4)
    if kind == Course.Kind.STUDY_DAY:
        return [(first + timedelta(weeks=2), time(9, 0), time(16, 0))]
    return [(first + timedelta(weeks=6 * i), time(9, 0), time(12, 30)) for i in range(3)]


# --------------------------------------------------------------------------- courses


def _save_sessions(course: Course, sessions: list[tuple[date, time, time]]) -> None:
    if not sessions:
        raise ValidationError(_("Give at least one session."))
    if course.kind == Course.Kind.STUDY_DAY and len(sessions) != 1:
        raise ValidationError(_("A study day has exactly one session."))
    for _day, start, end in sessions:
        if end <= start:
            raise ValidationError(_("A session ends after it starts."))
    existing = list(course.sessions.order_by("date", "start_time", "pk"))
    today = timezone.localdate()
    kept_days = {session.date for session in existing}
    for day, _start, _end in sessions:
        if day < today and day not in kept_days:  # a session held already may stay; a new one is ahead
            raise ValidationError(_("A new session cannot be in the past (%(day)s).") % {"day": day.strftime("%d/%m/%Y")})
    first_day = min(day for day, _start, _end in sessions)
    if course.registration_deadline and course.registration_deadline > first_day:
        raise ValidationError(
            {"registration_deadline": _("Registration closes on or before the first session (%(day)s).")
             % {"day": first_day.strftime("%d/%m/%Y")}}
        )
    for index, (day, start, end) in enumerate(sorted(sessions)):
        session = existing[index] if index < len(existing) else Session(course=course)
        session.date, session.start_time, session.end_time = day, start, end
        session.full_clean()
        session.save()
    for session in existing[len(sessions):]:
        if session.attendances.exists():
            raise ValidationError(_("A session with recorded attendance cannot be removed."))
        if session.cases.exists():
            raise ValidationError(_("A session with a calibration case cannot be removed."))
        session.delete()


def _check_capacity(network, capacity: int) -> None:
    """A course takes at most the network's maximum of participants (16 unless the network
    decided otherwise): mixed groups of teachers and mentors stay small."""
    if capacity > network.training_max_participants:
        raise ValidationError({"capacity": _("A course of this network takes at most %(n)s participants.")
                               % {"n": network.training_max_participants}})


@transaction.atomic
def course_create(
    *, network, by, kind: str, title: str, sessions: list, description: str = "", theme: str = "",
    location: str = "", capacity: int = 16, registration_deadline: date | None = None,
    min_school_percent: int = 33, min_workfloor_percent: int = 33,
) -> Course:
    _check_capacity(network, capacity)
    course = Course(
        network=network, created_by=by, kind=kind, title=(title or "").strip(), description=description.strip(),
        theme=theme.strip(), location=location.strip(), capacity=capacity, registration_deadline=registration_deadline,
        min_school_percent=min_school_percent, min_workfloor_percent=min_workfloor_percent,
    )
    course.full_clean()
    course.save()
    _save_sessions(course, sessions)
    return course


@transaction.atomic
def course_update(
    *, course: Course, title: str, sessions: list, description: str = "", theme: str = "", location: str = "",
    capacity: int = 16, registration_deadline: date | None = None, min_school_percent: int = 33,
    min_workfloor_percent: int = 33,
) -> Course:
    course = Course.objects.select_for_update().select_related("network").get(pk=course.pk)
    _check_capacity(course.network, capacity)
    taken = course.registrations.filter(status=R.CONFIRMED).count()
    if capacity < taken:
        raise ValidationError(
            {"capacity": _("%(n)s people have a place already; decline some first or keep at least %(n)s places.") % {"n": taken}}
        )
    course.title, course.description, course.theme = (title or "").strip(), description.strip(), theme.strip()
    course.location, course.capacity, course.registration_deadline = location.strip(), capacity, registration_deadline
    course.min_school_percent, course.min_workfloor_percent = min_school_percent, min_workfloor_percent
    course.full_clean()
    course.save()
    _save_sessions(course, sessions)
    # Places added: the waiting list moves up.
    while _promote_first_waiting(course):
        pass
    return course


@transaction.atomic
def course_publish(*, course: Course) -> Course:
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.is_published:
        raise ValidationError(_("This course is published already."))
    if not course.sessions.exists():
        raise ValidationError(_("Give at least one session."))
    course.status = Course.Status.PUBLISHED
    course.published_at = timezone.now()
    course.save(update_fields=["status", "published_at"])
    return course


# --------------------------------------------------------------------------- registrations


def _free_seat(course: Course) -> int | None:
    """The lowest free seat, or None when the confirmed places fill the capacity (seats above a
    lowered capacity still count as taken places)."""
    taken = set(course.registrations.filter(status=R.CONFIRMED).values_list("seat", flat=True))
    if len(taken) >= course.capacity:
        return None
    return next((seat for seat in range(1, course.capacity + 1) if seat not in taken), None)


def _side(organisation: Organisation) -> str:
    return Registration.Side.SCHOOL if organisation.kind == Organisation.Kind.SCHOOL else Registration.Side.WORKFLOOR


@transaction.atomic
def register(*, course: Course, membership: Membership, by) -> Registration:
    """Register the person of ``membership`` (through its organisation) for ``course``: a seat
    when one is free, else the waiting list."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if reason := selectors.registration_closed_reason(course):
        raise ValidationError(reason)
    if membership.network_id != course.network_id or membership.organisation is None:
        raise ValidationError(_("This person cannot take part in this course."))
    if course.registrations.filter(user_id=membership.user_id, status__in=Registration.ACTIVE).exists():
        raise ValidationError(_("%(name)s is registered already.") % {"name": membership.user})
    seat = _free_seat(course)
    registration = Registration(
        course=course, user_id=membership.user_id, organisation=membership.organisation,
        side=_side(membership.organisation), status=R.CONFIRMED if seat else R.WAITING, seat=seat, registered_by=by,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save(force_insert=True)
    except IntegrityError as error:  # a seat taken past the lock, or a double registration
        raise ValidationError(_("Someone took this place at the same moment; please try again.")) from error
    return registration


def _promote_first_waiting(course: Course) -> Registration | None:
    """Give a free seat to the first person on the waiting list and tell them (course locked)."""
    seat = _free_seat(course)
    if seat is None:
        return None
    waiting = course.registrations.filter(status=R.WAITING).select_related("user").order_by("created_at").first()
    if waiting is None:
        return None
    waiting.status, waiting.seat = R.CONFIRMED, seat
    waiting.save(update_fields=["status", "seat", "changed_at"])
    notification_events.training_place_freed(waiting)
    return waiting


def _locked(registration: Registration) -> tuple[Course, Registration]:
    course = Course.objects.select_for_update().get(pk=registration.course_id)
    return course, Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration; the first person on the waiting list moves up into the seat."""
    course, registration = _locked(registration)
    if reason := selectors.cancel_refused_reason(registration):
        raise ValidationError(reason)
    was_confirmed = registration.status == R.CONFIRMED
    registration.status, registration.seat = R.CANCELLED, None
    registration.save(update_fields=["status", "seat", "changed_at"])
    if was_confirmed:
        _promote_first_waiting(course)
    return registration


@transaction.atomic
def decline(*, registration: Registration, by) -> Registration:
    """The coordinator declines a registration (to keep the group mixed). The seat stays free
    for the coordinator to give to someone on the waiting list (``accept``)."""
    course, registration = _locked(registration)
    if reason := selectors.decline_refused_reason(registration):
        raise ValidationError(reason)
    registration.status, registration.seat = R.DECLINED, None
    registration.save(update_fields=["status", "seat", "changed_at"])
    notification_events.training_registration_decided(registration, by=by, accepted=False)
    return registration


@transaction.atomic
def accept(*, registration: Registration, by) -> Registration:
    """The coordinator gives a person on the waiting list (or a declined one) a free seat."""
    course, registration = _locked(registration)
    seat = _free_seat(course)
    registered_again = (
        course.registrations.filter(user_id=registration.user_id, status__in=Registration.ACTIVE)
        .exclude(pk=registration.pk).exists()
    )
    if reason := selectors.accept_refused_reason(registration, full=seat is None, registered_again=registered_again):
        raise ValidationError(reason)
    registration.status, registration.seat = R.CONFIRMED, seat
    registration.save(update_fields=["status", "seat", "changed_at"])
    notification_events.training_registration_decided(registration, by=by, accepted=True)
    return registration


# --------------------------------------------------------------------------- attendance


@transaction.atomic
def record_attendance(*, session: Session, present_ids: set, by) -> int:
    """Record who attended ``session`` (all confirmed participants; the others were absent) and
    update who completed the course. Returns how many were present."""
    if session.date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded from the day of the session (%(date)s), not before.")
                              % {"date": session.date.strftime("%d/%m/%Y")})
    course = Course.objects.select_for_update().get(pk=session.course_id)
    participants = list(course.registrations.filter(status=R.CONFIRMED))
    present_ids = {str(pk) for pk in present_ids}
    unknown = present_ids - {str(r.pk) for r in participants}
    if unknown:
        raise ValidationError(_("Only participants with a place can be marked present."))
    existing = {a.registration_id: a for a in session.attendances.all()}
    for registration in participants:
        present = str(registration.pk) in present_ids
        attendance = existing.get(registration.pk)
        if attendance is None:
            Attendance.objects.create(registration=registration, session=session, present=present, recorded_by=by)
        elif attendance.present != present:
            attendance.present, attendance.recorded_by = present, by
            attendance.save(update_fields=["present", "recorded_by", "recorded_at"])
    _update_completion(course, participants)
    return sum(1 for r in participants if str(r.pk) in present_ids)


def _update_completion(course: Course, participants: list[Registration]) -> None:
    sessions = list(course.sessions.all())
    last = max((s.date for s in sessions), default=None)
    present: dict[UUID, set[int]] = {}
    for registration_id, session_id in Attendance.objects.filter(
        session__course=course, present=True
    ).values_list("registration_id", "session_id"):
        present.setdefault(registration_id, set()).add(session_id)
    session_ids = {s.pk for s in sessions}
    for registration in participants:
        done = bool(session_ids) and session_ids <= present.get(registration.pk, set())
        completed_on = last if done else None
        if registration.completed_on != completed_on:
            registration.completed_on = completed_on
            registration.save(update_fields=["completed_on", "changed_at"])


def send_session_reminders(*, today: date | None = None) -> int:
    """Tell every participant with a place about each session of a published course the day
    before (a notification, mailed per their preference). Each is written once (its dedupe key
    names the session), so a second run the same day sends nothing twice. Returns how many
    were written."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    sessions = Session.objects.filter(date=tomorrow, course__status=Course.Status.PUBLISHED).select_related("course__network")
    sent = 0
    for session in sessions:
        registrations = Registration.objects.filter(course=session.course, status=Registration.Status.CONFIRMED).select_related("user")
        for registration in registrations:
            with transaction.atomic():
                sent += len(notification_events.training_session_reminder(registration, session))
    return sent


# --------------------------------------------------------------------------- calibration cases


@transaction.atomic
def case_create(*, session: Session, by, title: str, text: str, version, references: dict[int, int]) -> CalibrationCase:
    """A calibration case on a session: the indicators to rate (of a published catalogue version
    of the course's network) with the reference level of each."""
    from catalogue.models import CatalogueVersion, Indicator, RatingLevel

    if version.programme.network_id != session.course.network_id or version.status != CatalogueVersion.Status.PUBLISHED:
        raise ValidationError(_("Choose a published catalogue version of this network."))
    if not references:
        raise ValidationError(_("Give a reference level for at least one indicator."))
    indicators = set(Indicator.objects.filter(version=version, pk__in=references).values_list("pk", flat=True))
    levels = set(RatingLevel.objects.filter(scale__version=version).values_list("pk", flat=True))
    if set(references) - indicators or set(references.values()) - levels:
        raise ValidationError(_("An indicator or level of another catalogue version was sent; reload the page."))
    case = CalibrationCase(session=session, title=title.strip(), text=text.strip(), catalogue_version=version, created_by=by)
    case.full_clean()
    case.save()
    CaseIndicator.objects.bulk_create(
        CaseIndicator(case=case, indicator_id=i, reference_level_id=lvl) for i, lvl in sorted(references.items())
    )
    return case


@transaction.atomic
def case_rate(*, case: CalibrationCase, by, levels: dict[int, int]) -> int:
    """A participant's levels for the case's indicators (every one of them); they may change
    them until the spread is shown to everyone."""
    from catalogue.models import RatingLevel

    case = CalibrationCase.objects.select_for_update().get(pk=case.pk)
    if case.revealed_at:
        raise ValidationError(_("The spread of this case has been shown; ratings no longer change."))
    items = {item.pk: item for item in case.items.all()}
    allowed = set(RatingLevel.objects.filter(scale__version_id=case.catalogue_version_id).values_list("pk", flat=True))
    if set(levels) != set(items):
        raise ValidationError(_("Rate every indicator of the case."))
    if set(levels.values()) - allowed:
        raise ValidationError(_("A level that is not on the scale of this catalogue was sent; reload the page."))
    existing = {r.item_id: r for r in CaseRating.objects.filter(item__case=case, user=by)}
    new, changed = [], []
    for item_id, level_id in levels.items():
        rating = existing.get(item_id)
        if rating is None:
            new.append(CaseRating(item_id=item_id, user=by, level_id=level_id))
        elif rating.level_id != level_id:
            rating.level_id = level_id
            changed.append(rating)
    CaseRating.objects.bulk_create(new)
    CaseRating.objects.bulk_update(changed, ["level"])
    return len(new) + len(changed)


@transaction.atomic
def case_reveal(*, case: CalibrationCase, by) -> CalibrationCase:
    """Show the spread and the reference to every participant (also those who did not rate)."""
    case = CalibrationCase.objects.select_for_update().get(pk=case.pk)
    if case.revealed_at is None:
        case.revealed_at = timezone.now()
        case.save(update_fields=["revealed_at"])
    return case
