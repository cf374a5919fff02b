"""A cap on the size of a request body (issue #13, ADR 0010).

Django caps form data (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files: without a proxy limit, a
multi-gigabyte upload would be streamed to a temporary file before any form could refuse it.
A body larger than MAX_REQUEST_SIZE (Content-Length) is refused before it is read, with a page
that says so (413), not a 500 or a reset connection. The proxy in front has the same limit
(README: client_max_body_size, request_body max_size); the upload forms have their own,
smaller limits with a message on the form (internship documents 5 MB, imports 2 MB).
"""

from django.conf import settings
from django.shortcuts import render


class RequestSizeLimitMiddleware:
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
