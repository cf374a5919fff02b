"""The calibration page: one scope (network, own organisation, own sites, self) and one source
(evaluations or feedback sheets) at a time; aggregates only (calibration.selectors)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

import access
from calibration import selectors
from web import params


@login_required
@require_safe
def index(request):
    if not access.can_open_calibration(request.user):
        raise PermissionDenied
    scopes = access.calibration_scopes(request.user)
    wanted, source = params.get_text(request.GET, "scope"), params.get_text(request.GET, "source")
    scope = next((s for s in scopes if s.key == wanted), scopes[0] if scopes else None)
    source = source if source in selectors.SOURCE_KEYS else "evaluations"
    report = selectors.calibration_report(scope, source) if scope else None
    return render(request, "calibration/index.html", {
        "scopes": scopes, "scope": scope, "source": source, "sources": [selectors.SOURCES[k] for k in selectors.SOURCE_KEYS],
        "report": report, "min_students": selectors.MIN_STUDENTS, "flag_d": selectors.FLAG_D,
        "scope_who": (_("You") if scope.kind == "self" else scope.label) if scope else "",
    })
