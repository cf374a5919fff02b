"""Request middleware of our own: a cap on the size of a request body (ADR 0010) and the cleaning
of every value a request brings (ADR 0013)."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render

from web import params


def _cleaned(query: QueryDict) -> QueryDict:
    """``query`` itself when nothing in it needs cleaning, else a cleaned (immutable) copy."""
    if not any(params.needs_cleaning(key) or any(params.needs_cleaning(v) for v in values)
               for key, values in query.lists()):
        return query
    clean = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        clean.setlist(params.text(key), [params.text(v) for v in values])
    clean._mutable = False
    return clean


class CleanInputMiddleware:
    """``request.GET`` and ``request.POST`` (keys and values) and the names of uploaded files
    pass through ``web.params.text``: no NUL reaches PostgreSQL (a 500 on seven endpoints), no
    control character reaches a spreadsheet or a calendar, no bidi override reaches a name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST":
            request.POST = _cleaned(request.POST)
            for _key, uploads in request.FILES.lists():
                for upload in uploads:
                    if upload.name and params.needs_cleaning(upload.name):
                        upload.name = params.text(upload.name)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A cap on the size of a request body (issue #13, ADR 0010).

    Django caps form data (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files: without a proxy limit, a
    multi-gigabyte upload would be streamed to a temporary file before any form could refuse it.
    A body larger than MAX_REQUEST_SIZE (Content-Length) is refused before it is read, with a page
    that says so (413), not a 500 or a reset connection. The proxy in front has the same limit
    (README: client_max_body_size, request_body max_size); the upload forms have their own,
    smaller limits with a message on the form (internship documents 5 MB, imports 2 MB).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_SIZE:
            response = render(
                request, "413.html", {"max_mb": settings.MAX_REQUEST_SIZE // (1024 * 1024)}, status=413
            )
            response["Connection"] = "close"  # the body is never read
            return response
        return self.get_response(request)
