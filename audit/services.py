"""Writing the access audit (ADR 0022): one row per view or download of a student's data.

``record(request, what, ...)`` is the one call a view makes, after its own access check and
just before it answers. It costs one INSERT and nothing else: the viewer's role and network
come from the memberships the access check loaded (``access.audit_viewer``), the student and
internship from the objects the view holds.

* Full pages only, on GET: an htmx partial (``HX-Request`` without ``HX-Boosted``), a
  ``HEAD`` and a POST write nothing: the page a partial refreshes (autosave, the save bar) was
  recorded when it was opened, a HEAD shows no data, and a form re-rendered after a POST
  follows the GET that opened it. A reload of the page is a new row: it is a new look.
* A failure to write never breaks the page: outside a transaction (production runs in
  autocommit) the INSERT is its own statement; inside one it runs in a savepoint so the
  request's transaction survives. The failure is logged as an error on ``uniform.audit``.
  Under the test suite (``settings.TESTING``) it is raised instead: a broken audit must make a
  test red, not pass unseen.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

import access
from audit.models import AccessEvent

logger = logging.getLogger("uniform.audit")

What = AccessEvent.What


def _wanted(request) -> bool:
    if request.method != "GET":  # a HEAD shows nothing; a POST re-rendering a form follows the recorded GET
        return False
    htmx = getattr(request, "htmx", None)
    if htmx and not getattr(htmx, "boosted", False):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def record(request, what: str, *, internship=None, student=None, school_id=None, object_id="") -> AccessEvent | None:
    """One audit row: ``request.user`` opened ``what`` (an ``AccessEvent.What``) of
    ``internship`` (people loaded, as ``access.internship_or_404`` gives it) or of ``student``;
    ``school_id`` for what concerns a whole school's students (a batch export). ``object_id``:
    the sheet, evaluation, document or export looked at. Returns the row, or None when
    nothing was written."""
    if not _wanted(request):
        return None
    user = request.user
    role, network_id = access.audit_viewer(user, internship=internship, student=student, school_id=school_id)
    event = AccessEvent(
        at=timezone.now(), network_id=network_id, user_id=user.pk, role=role, what=what,
        student_id=internship.student_id if internship is not None else (student.pk if student is not None else None),
        internship_id=internship.pk if internship is not None else None,
        object_id=str(object_id or "")[:64], path=request.path[:300],
    )
    strict = getattr(settings, "TESTING", False)
    try:
        if connection.in_atomic_block and not strict:
            with transaction.atomic():  # a savepoint: a failed INSERT leaves the request's transaction usable
                event.save(force_insert=True)
        else:
            event.save(force_insert=True)
    except DatabaseError:
        if strict:
            raise
        logger.exception("access audit row not written: %s %s by user %s", what, request.path, user.pk)
        return None
    return event
