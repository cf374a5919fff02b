"""The progress grid: how each indicator went over the shared feedback sheets and the signed
evaluations. The internship is found through ``access.internship_or_404`` (not yours → 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

import access
from audit import services as audit
from evaluations.progress import selectors


@login_required
@require_safe
def progress_detail(request, internship_pk):
    internship = access.internship_or_404(request.user, internship_pk)
    audit.record(request, audit.What.PROGRESS, internship=internship)
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    grid = selectors.progress_grid(internship, page=page, whole=request.GET.get("all") == "1")
    return render(request, "evaluations/progress.html", {"internship": internship, **grid})
