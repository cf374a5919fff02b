"""Reads for calendar feeds: the token of a feed, the person a token belongs to, and what their
calendar holds, through the access selectors (only what the person can see)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

import access
from calendars.models import CalendarFeed
from evaluations.evaluation.models import Evaluation
from internships.models import IntakeMeeting, Internship, Visit
from reminders.rules import evaluation_windows

_SALT = "uniform.calendars.feed"
#: The feed shows this window around today.
PAST_DAYS, FUTURE_DAYS = 60, 365


def _mac(key: str) -> str:
    return salted_hmac(_SALT, key, algorithm="sha256").hexdigest()[:32]


def token_of(feed: CalendarFeed) -> str:
    return f"{feed.key}.{_mac(feed.key)}"


def feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def user_for_token(token: str):
    """The active person whose feed this token opens, else None."""
    key, _sep, mac = (token or "").partition(".")
    if not key or not mac or len(key) > 32:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()
    # The MAC is compared even when no feed has that key, so the answer takes as long.
    expected = _mac(feed.key) if feed else _mac(key + "!")
    if not constant_time_compare(expected, mac) or feed is None:
        return None
    return feed.user


@dataclass
class Event:
    uid: str
    summary: str
    day: date
    start: time | None = None  # None: all day
    minutes: int = 60
    end: time | None = None
    location: str = ""
    description: str = ""
    path: str = ""  # the page in Uniform


#: The roles through which an internship is *the person's own* for their calendar: an admin or
#: a coach sees many internships, their calendar holds only what they take part in.
PERSONAL_ROLES = ("mentor", "teacher", "student")


def personal_internships(user):
    visible = access.internships_visible_to(user)
    ids: set = set()
    for role in PERSONAL_ROLES:
        ids |= set(access.internships_through(user, role).values_list("pk", flat=True))
    return visible.filter(pk__in=ids).select_related("student", "site", "school", "mentor", "teacher")


def events_for(user, *, today: date | None = None) -> list[Event]:
    """Visits, intake meetings and evaluation deadlines of the person's own internships, and the
    training sessions where they have a place, from ``PAST_DAYS`` ago to ``FUTURE_DAYS`` ahead."""
    from django.urls import reverse

    today = today or timezone.localdate()
    lo, hi = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    internships = list(personal_internships(user).filter(end_date__gte=lo, start_date__lte=hi + timedelta(days=30)))
    by_pk = {i.pk: i for i in internships}
    events: list[Event] = []
    for visit in Visit.objects.filter(internship__in=by_pk, date__range=(lo, hi)).exclude(status=Visit.Status.CANCELLED):
        i = by_pk[visit.internship_id]
        events.append(Event(
            uid=f"visit-{visit.pk}", summary=_("Visit: %(student)s at %(site)s") % {"student": i.student.full_name, "site": i.site.name},
            day=visit.date, start=visit.time, location=i.site.address,
            description=_("Internship visit by %(teacher)s.") % {"teacher": i.teacher or "–"},
            path=reverse("internships:detail", args=[i.pk]) + "#visits",
        ))
    for intake in IntakeMeeting.objects.filter(internship__in=by_pk, date__range=(lo, hi)):
        i = by_pk[intake.internship_id]
        events.append(Event(
            uid=f"intake-{intake.pk}", summary=_("Intake meeting: %(student)s at %(site)s") % {"student": i.student.full_name, "site": i.site.name},
            day=intake.date, description=intake.attendees, path=reverse("internships:detail", args=[i.pk]) + "#intake",
        ))
    locked = set(Evaluation.objects.filter(internship__in=by_pk, locked_at__isnull=False).values_list("internship_id", "kind"))
    for i in internships:
        if i.status == Internship.Status.CLOSED:
            continue
        for window in evaluation_windows(i.start_date, i.end_date):
            if (i.pk, window.kind) in locked or not lo <= window.closes <= hi:
                continue
            label = str(Evaluation.Kind(window.kind).label)
            events.append(Event(
                uid=f"evaluation-{i.pk}-{window.kind}",
                summary=_("Deadline %(kind)s: %(student)s") % {"kind": label, "student": i.student.full_name},
                day=window.closes,
                description=_("To write from %(opens)s to %(closes)s.") % {"opens": window.opens.strftime("%d/%m/%Y"), "closes": window.closes.strftime("%d/%m/%Y")},
                path=reverse("internships:detail", args=[i.pk]) + "#evaluations",
            ))
    from training.selectors import my_sessions

    for session in my_sessions(user):
        if lo <= session.date <= hi:
            course = session.course
            events.append(Event(
                uid=f"training-session-{session.pk}", summary=course.title, day=session.date, start=session.start_time,
                end=session.end_time, location=course.location, description=course.description,
                path=reverse("training:course", args=[course.pk]),
            ))
    events.sort(key=lambda e: (e.day, e.start or time.min, e.uid))
    return events


def calendar_bytes(user, *, base_url: str, domain: str) -> bytes:
    """The person's feed as iCalendar (RFC 5545), made with the ``icalendar`` library."""
    import icalendar

    tz = timezone.get_default_timezone()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Uniform//Calendar//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Uniform · {user.get_full_name() or user.email}")
    cal.add("x-wr-timezone", str(tz))
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for e in events_for(user):
        ev = icalendar.Event()
        ev.add("uid", f"{e.uid}@{domain}")
        ev.add("dtstamp", stamp)
        ev.add("summary", e.summary)
        if e.start is None:
            ev.add("dtstart", e.day)
            ev.add("dtend", e.day + timedelta(days=1))
        else:
            start = datetime.combine(e.day, e.start, tzinfo=tz)
            end = datetime.combine(e.day, e.end, tzinfo=tz) if e.end else start + timedelta(minutes=e.minutes)
            ev.add("dtstart", start)
            ev.add("dtend", end)
        if e.location:
            ev.add("location", e.location)
        link = f"{base_url}{e.path}" if e.path else ""
        ev.add("description", "\n".join(p for p in (e.description, link) if p))
        if link:
            ev.add("url", link)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()
