"""The activity list of an internship: the activities of its pinned catalogue version with
their entries and coverage; the student proposes entries, the mentor confirms with one tap.

The internship is found through ``access.internships_visible_to`` (not yours → 404); what a
person may do comes from ``access.internship_rights`` (may not → 403). Entries are looked up
inside the internship, never on their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from audit import services as audit
from evaluations.activities import selectors, services
from evaluations.activities.forms import ActivityEntryForm, ConfirmForm
from evaluations.activities.models import ActivityEntry
from web.service_messages import report_errors


def _internship(request, internship_pk):
    internship = access.internship_or_404(request.user, internship_pk)
    return internship, access.internship_rights(request.user, internship)


_require = access.require


def _list(internship, anchor: str = "") -> str:
    return reverse("activities:activity_list", kwargs={"internship_pk": internship.pk}) + (f"#{anchor}" if anchor else "")


def _page(request, internship, rights, form=None, status=200):
    if form is None and rights.propose_activities:
        initial = {"date": min(timezone.localdate(), internship.end_date)}
        if (chosen := request.GET.get("activity", "")).isdigit():
            initial["activity"] = chosen  # only preselects; the choices are the pinned version's
        form = ActivityEntryForm(internship=internship, initial=initial)
    context = {
        "internship": internship,
        "rights": rights,
        "overview": selectors.activity_overview(internship),
        "form": form,
        "levels": ActivityEntry.Level.choices,
        "can_add": rights.propose_activities and internship.start_date <= timezone.localdate(),
    }
    return render(request, "evaluations/activities.html", context, status=status)


@login_required
@require_safe
def activity_list(request, internship_pk):
    internship, rights = _internship(request, internship_pk)
    audit.record(request, audit.What.ACTIVITIES, internship=internship)
    return _page(request, internship, rights)


@login_required
@require_POST
def activity_add(request, internship_pk):
    internship, rights = _internship(request, internship_pk)
    _require(rights.propose_activities)
    form = ActivityEntryForm(request.POST, internship=internship)
    if form.is_valid():
        d = form.cleaned_data
        confirmed = rights.confirm_activities
        try:
            services.activity_propose(
                internship=internship, by=request.user, activity=d["activity"], date=d["date"], level=d["level"],
                note=d["note"], confirmed=confirmed,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if confirmed:
                messages.success(request, _("%(activity)s added.") % {"activity": d["activity"].title})
            else:
                messages.success(request, _("%(activity)s added; your mentor confirms it.") % {"activity": d["activity"].title})
            return redirect(_list(internship, f"activity-{d['activity'].pk}"))
    return _page(request, internship, rights, form=form)


@login_required
@require_POST
def activity_confirm(request, internship_pk, pk):
    internship, rights = _internship(request, internship_pk)
    entry = get_object_or_404(selectors.entries_of(internship), pk=pk)
    _require(rights.confirm_activities)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the activity was done."))
    else:
        try:
            entry = services.activity_confirm(entry=entry, by=request.user, level=form.cleaned_data["level"] or None)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(
                request, _("Confirmed: %(activity)s, %(level)s.") % {"activity": entry.activity.title, "level": entry.get_level_display()}
            )
    return redirect(_list(internship, f"activity-{entry.activity_id}"))


@login_required
@require_POST
def activity_confirm_all(request, internship_pk):
    internship, rights = _internship(request, internship_pk)
    _require(rights.confirm_activities)
    n = services.activity_confirm_all(internship=internship, by=request.user)
    if n:
        messages.success(request, _("All %(n)s proposed activities confirmed.") % {"n": n})
    else:
        messages.info(request, _("There is nothing to confirm."))
    return redirect(_list(internship))
