"""One way for views to call a service: its refusal (ValidationError) becomes messages for the
person, never an error page; success gets its own message. Used by every app's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def run_service(request, action, *, success: str, ok_url: str, error_url: str | None = None):
    """Call ``action()``; redirect to ``ok_url`` with ``success``, or to ``error_url`` (default:
    ``ok_url``) with the refusal's messages."""
    try:
        action()
    except ValidationError as error:
        report_errors(request, error)
        return redirect(error_url or ok_url)
    if success:
        messages.success(request, success)
    return redirect(ok_url)
