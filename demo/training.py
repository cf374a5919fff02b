"""Demo training for both networks (to be called from demo/region.py, after the people exist).

Idempotent: a course is found by its network and title. Limburg gets a completed mentor
training (the demo mentor took part and is a trained mentor since its last session) and an
open course; Antwerpen a completed course for its demo mentor.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from tenancy.models import Membership, Network, Role
from training.models import Attendance, Course, Registration, Session

COMPLETED_TITLE = "Mentoropleiding 2026"
OPEN_TITLE = "Mentoropleiding voorjaar 2027"


def _course(network, title, kind, first, *, published=True, capacity=16, count=3) -> Course:
    course, created = Course.objects.get_or_create(
        network=network, title=title,
        defaults={
            "kind": kind, "capacity": capacity, "location": "Provinciehuis, zaal 2",
            "description": "Praktijkgerichte opleiding met rollenspelen over de uniforme documenten.",
            "status": Course.Status.PUBLISHED if published else Course.Status.DRAFT,
            "published_at": timezone.now() if published else None,
        },
    )
    if created:
        for i in range(count):
            Session.objects.create(course=course, date=first + timedelta(weeks=6 * i), start_time=time(9), end_time=time(12, 30))
    return course


def _complete(course, email) -> Registration | None:
    membership = (
        Membership.objects.active().filter(user__email=email, network=course.network, role=Role.MENTOR)
        .select_related("organisation").first()
    )
    if membership is None:
        return None
    registration = course.registrations.filter(user_id=membership.user_id, status="confirmed").first()
    if registration is None:
        taken = set(course.registrations.filter(status="confirmed").values_list("seat", flat=True))
        seat = next(s for s in range(1, course.capacity + 1) if s not in taken)
        registration = Registration.objects.create(
            course=course, user_id=membership.user_id, organisation=membership.organisation, side="workfloor",
            status="confirmed", seat=seat,
        )
    sessions = list(course.sessions.all())
    for session in sessions:
        Attendance.objects.get_or_create(registration=registration, session=session, defaults={"present": True})
    last = max(s.date for s in sessions)
    if registration.completed_on != last:
        registration.completed_on = last
        registration.save(update_fields=["completed_on"])
    return registration


def seed_training() -> list[Course]:
    today = timezone.localdate()
    courses = []
    for slug, mentor in (("limburg", "mentor@uniform.demo"), ("antwerpen", "mentor@other.demo")):
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            continue
        done = _course(network, COMPLETED_TITLE, Course.Kind.COURSE, today - timedelta(weeks=20))
        _complete(done, mentor)
        courses.append(done)
        courses.append(_course(network, OPEN_TITLE, Course.Kind.COURSE, today + timedelta(weeks=5)))
    return courses
