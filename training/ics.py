"""iCalendar (RFC 5545) text for a person's training sessions, written by hand: CRLF line
endings, lines folded at 75 octets, one stable UID per session, times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from web.params import CONTROLS

PRODID = "-//Uniform//Training//EN"


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped; every line break
    (CRLF, a lone CR or LF) becomes the two characters backslash-n, so a value never ends its
    line and starts another property; other control characters (which TEXT may not hold) go."""
    text = CONTROLS.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return [line]
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0], *(" " + p for p in parts[1:])]


def _utc(day, at) -> str:
    local = timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())
    return local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(sessions, *, domain: str = "uniform") -> str:
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for session in sessions:
        course = session.course
        lines += [
            "BEGIN:VEVENT",
            f"UID:training-session-{session.pk}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.date, session.start_time)}",
            f"DTEND:{_utc(session.date, session.end_time)}",
            f"SUMMARY:{_escape(course.title)}",
        ]
        if course.location:
            lines.append(f"LOCATION:{_escape(course.location)}")
        if course.description:
            lines.append(f"DESCRIPTION:{_escape(course.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
