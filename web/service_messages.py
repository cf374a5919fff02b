"""One way for views to call a service: its refusal (ValidationError) becomes messages for the
person, never an error page; success gets its own message. Used by every app's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def errors_to_form(form, error: ValidationError) -> None:
    """A service's refusal shown on the form that was sent: each field's message under that field
    (where the form has it), the rest at the top, so the form re-renders with what was typed."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def messages_of(form) -> list[str]:
    """A form's errors as one list of messages for the page's alert, each message once."""
    seen: dict[str, None] = {}
    for errors in form.errors.values():
        seen.update(dict.fromkeys(str(e) for e in errors))
    return list(seen)


def run_form(request, form, action, *, success: str, ok_url: str, error_url: str | None = None):
    """``run_service`` for a small form: what the form could not read is reported like a
    service's refusal (each message once), and nothing is called."""
    if not form.is_valid():
        for message in messages_of(form):
            messages.error(request, message)
        return redirect(error_url or ok_url)
    return run_service(request, action, success=success, ok_url=ok_url, error_url=error_url)


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
