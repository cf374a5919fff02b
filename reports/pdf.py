"""The PDF renderer: a Django template → an A4 PDF (WeasyPrint), with a URL fetcher that
fetches nothing but ``data:`` URIs and the files of our own static directory.

Text typed by people (remarks, strengths, notes) is escaped by the template engine, so it is
never markup; even so, should any markup or CSS reach WeasyPrint, it cannot make the server
read a file or open a connection: every other URL is refused with ``ValueError``."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def static_roots() -> list[Path]:
    """Our own static directories (STATICFILES_DIRS), resolved."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        path = entry[1] if isinstance(entry, (tuple, list)) else entry
        roots.append(Path(path).resolve())
    return roots


def static_base_url() -> str:
    """The base URL of the documents: relative references (``img/favicon.svg``) resolve into
    the first static directory, and nowhere else."""
    return static_roots()[0].as_uri() + "/"


class SafeURLFetcher(URLFetcher):
    """Allows ``data:`` URIs and ``file:`` URIs of files inside STATICFILES_DIRS (after
    resolving ``..`` and symbolic links); refuses everything else (``file:`` elsewhere, http,
    https, ftp, …) by raising ``ValueError``."""

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._static_file(url)
        raise ValueError(f"URL not allowed in a PDF: {url[:80]}")

    def _static_file(self, url: str):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"URL not allowed in a PDF: {url[:80]}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in static_roots()) or not path.is_file():
            raise ValueError(f"File not allowed in a PDF: {url[:80]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def make_url_fetcher() -> SafeURLFetcher:
    return SafeURLFetcher(allowed_protocols=("data", "file"))


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    """Render ``template`` (a page of templates/pdf/) with ``context`` and return the PDF."""
    context = {"generated_at": timezone.localtime(), **context}
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=static_base_url(), url_fetcher=make_url_fetcher()).write_pdf()
