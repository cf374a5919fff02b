"""The role homes: one page, a section per role the person holds (home.selectors builds them)."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from home import selectors
from web.replica import replica_reads


@login_required
@require_safe
@replica_reads  # the role dashboards read from the replica when there is one (ADR 0030)
def home(request):
    sections = selectors.home_sections(request.user)
    return render(request, "home/home.html", {"sections": sections})


#: When the checks of the accessibility statement were last run in full (ADR 0020).
ACCESSIBILITY_TESTED = date(2026, 12, 2)
#: The axe-core the test suite runs (tests/browser/vendor/axe-core/axe.min.js).
AXE_VERSION = "4.14.1"


@require_safe
def accessibility(request):
    """The accessibility statement: public, linked from every page's footer (ADR 0020)."""
    return render(request, "home/accessibility.html", {
        "contact": settings.ACCESSIBILITY_CONTACT,
        "tested": ACCESSIBILITY_TESTED,
        "axe_version": AXE_VERSION,
    })
