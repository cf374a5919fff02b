"""The certificate of a completed course, as an A4 PDF, through the one PDF renderer
(reports.pdf: its URL fetcher allows only ``data:`` URIs and our own static files, so text typed
by people, a course title or a location, can never make the server fetch anything)."""

from __future__ import annotations

from reports.pdf import render_pdf


def certificate_pdf(registration) -> bytes:
    course = registration.course
    sessions = list(course.sessions.all())
    return render_pdf(
        "training/certificate_pdf.html",
        {
            "registration": registration,
            "course": course,
            "network": course.network,
            "sessions": sessions,
            "hours": sum(s.hours for s in sessions),
        },
    )
