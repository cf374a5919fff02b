"""Retention pages (thin views): the coordinator's policy and preview, the school admin's items
and legal holds, and the public privacy page of each network."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

import access
from retention import selectors, services, texts
from retention.forms import HoldForm, PolicyForm
from retention.models import RecordType
from web.service_messages import errors_to_form, report_errors


def _coordinated(request):
    network = access.retention_networks(request.user).order_by("name").first()
    if network is None:
        raise PermissionDenied
    return network


@login_required
def policy(request):
    """The coordinator's retention policy per kind of record, and the network's privacy contact."""
    network = _coordinated(request)
    rules = selectors.policy_of(network)
    form = PolicyForm(request.POST if request.method == "POST" else None, rules=rules, contact=selectors.contact_of(network))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.policy_save(network=network, rules=form.rules(), by=request.user)
                services.contact_save(network=network, name=data["contact_name"], email=data["contact_email"],
                                      phone=data["contact_phone"], organisation=data["contact_organisation"])
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Retention policy saved."))
            return redirect(reverse("retention:policy"))
    return render(request, "retention/policy.html", {
        "title": _("Retention and privacy"), "network": network, "form": form, "labels": dict(RecordType.choices),
        "defaults": {t: texts.how_long(r) for t, r in services.DEFAULTS.items()}, "runs": selectors.last_runs(network),
    }, status=400 if form.errors else 200)


@login_required
@require_GET
def preview(request):
    """What the job removes in the next 30 days: counts per school and kind, no names."""
    network = _coordinated(request)
    return render(request, "retention/preview.html", {
        "title": _("What will be removed"), "network": network, "labels": dict(RecordType.choices),
        "preview": selectors.preview_counts(network, timezone.localdate()), "runs": selectors.last_runs(network),
    })


@login_required
@require_GET
def school(request):
    """The school admin: their school's items due in the next 30 days, with names and dates; the holds."""
    schools = list(access.hold_schools(request.user).select_related("network").order_by("name"))
    if not schools:
        raise PermissionDenied
    network = schools[0].network
    ids = {s.pk for s in schools}
    return render(request, "retention/school.html", {
        "title": _("Retention and legal holds"), "schools": schools, "labels": dict(RecordType.choices),
        "rows": selectors.preview_for_school(network, ids, timezone.localdate()), "until": timezone.localdate() + selectors.timedelta(days=selectors.PREVIEW_DAYS),
        "holds": list(selectors.holds_of_schools(ids)[:200]), "runs": selectors.last_runs(network, 1),
    })


def _hold_page(request, *, student=None, internship=None):
    form = HoldForm(request.POST if request.method == "POST" else None)
    subject = student or internship
    back = reverse("schools:student", args=[student.pk]) if student else reverse("internships:detail", args=[internship.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_place(by=request.user, reason=form.cleaned_data["reason"], student=student, internship=internship)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Legal hold placed: nothing of this is removed until it is lifted."))
            return redirect(back)
    holds = selectors.active_holds_on_student(student) if student else selectors.active_holds_on_internship(internship)
    return render(request, "retention/hold_form.html", {
        "title": _("Legal hold"), "form": form, "student": student, "internship": internship, "subject": subject,
        "holds": holds, "back": back,
    }, status=400 if form.errors else 200)


@login_required
def student_hold(request, pk):
    student = access.hold_students(request.user).filter(pk=pk).select_related("school").first()
    if student is None:
        get_object_or_404(access.students_visible_to(request.user), pk=pk)
        raise PermissionDenied
    return _hold_page(request, student=student)


@login_required
def internship_hold(request, pk):
    internship = access.hold_internships(request.user).filter(pk=pk).select_related("school", "student", "site").first()
    if internship is None:
        get_object_or_404(access.internships_visible_to(request.user), pk=pk)
        raise PermissionDenied
    return _hold_page(request, internship=internship)


@login_required
def hold_lift(request, pk):
    hold = get_object_or_404(access.holds_to_manage(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.hold_lift(hold=hold, by=request.user)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("Legal hold lifted."))
    return redirect(reverse("retention:school") + "#holds")


# --------------------------------------------------------------------------- the privacy page


@require_GET
def privacy_index(request):
    """Logged in: the person's own network's privacy page; logged out: the list of networks."""
    if request.user.is_authenticated:
        ids = sorted(access.network_ids_of(request.user))
        if ids:
            network = selectors.privacy_networks().filter(pk=ids[0]).first()
            if network is not None:
                return redirect(reverse("privacy_notice:page", args=[network.slug]))
    return render(request, "retention/privacy_index.html", {"title": _("Privacy"), "networks": list(selectors.privacy_networks())})


@require_GET
def privacy_page(request, slug):
    """What the network keeps, why, how long, who sees it, whom to contact: from its settings."""
    network = get_object_or_404(selectors.privacy_networks(), slug=slug)
    rules = selectors.policy_of(network)
    rows = [{"label": label, "how_long": texts.how_long(rules[t]), "why": texts.WHY[t], "who": texts.WHO[t]}
            for t, label in RecordType.choices]
    return render(request, "retention/privacy_page.html", {
        "title": _("Privacy"), "network": network, "rows": rows, "contact": selectors.contact_of(network),
    })
