"""The certificate of a completed course, as an A4 PDF (WeasyPrint).

The URL fetcher refuses everything but ``data:`` URIs: text typed by people (a course title, a
location) can never make the server fetch a file or a URL."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError


class _DataOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URIs; refuses files and network URLs."""

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            raise URLFetchingError(f"not fetched: {url[:80]}")
        return super().fetch(url, headers)


def certificate_pdf(registration) -> bytes:
    course = registration.course
    sessions = list(course.sessions.all())
    html = render_to_string(
        "training/certificate_pdf.html",
        {
            "registration": registration,
            "course": course,
            "network": course.network,
            "sessions": sessions,
            "hours": sum(s.hours for s in sessions),
        },
    )
    return HTML(string=html, url_fetcher=_DataOnlyFetcher()).write_pdf()
