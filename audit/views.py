"""The access audit pages (ADR 0022): who looked at what of one student.

* ``student``: for the school admin of the student's school (from the student's page), and
  for the student themself; everyone else 404 (``access.audited_student_or_404``).
* ``mine``: the student's own, reachable from their home; their own looks are left out.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

import access
from audit import selectors

PAGE_SIZE = 50


def _page(request, student, *, as_admin: bool):
    what = request.GET.get("what", "")
    if what not in dict(selectors.what_choices()):
        what = ""
    events = selectors.student_events(student, what=what, leave_out_user=None if as_admin else request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "student": student,
        "as_admin": as_admin,
        "page": page,
        "rows": selectors.describe(page.object_list, student=student, with_links=as_admin),
        "what": what,
        "choices": selectors.what_choices(),
        "query": urlencode({"what": what}) if what else "",
    }
    return render(request, "audit/student.html", context)


@login_required
@require_safe
def student(request, pk):
    record = access.audited_student_or_404(request.user, pk)
    return _page(request, record, as_admin=access.sees_audit_as_admin(request.user, record))


@login_required
@require_safe
def mine(request):
    record = access.own_student_record(request.user)
    if record is None:
        raise Http404
    return _page(request, record, as_admin=False)
