"""The childcare pages: the admin manages the organisation's sites, capacity periods, mentors
and coaches; coaches and mentors see their own sites read-only.

Views are thin: find the object through the selectors built on ``access`` (not yours →
404), check the admin's right (→ 403), call a service, and redirect with a message. A refused
write becomes a form error or a message, never an error page.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from childcare import selectors, services
from childcare.forms import CapacityForm, PeriodForm, SiteForm
from childcare.models import Site, SiteCapacity
from tenancy.models import Membership
from web import params

PAGE_SIZE = 25


# --------------------------------------------------------------------------- lookups


def _site(request, pk, *, manage=False) -> Site:
    site = get_object_or_404(selectors.sites_managed_or_staffed(request.user).select_related("organisation"), pk=pk)
    if manage and not access.can_manage_childcare(request.user, site.organisation_id):
        raise PermissionDenied
    return site


def _capacity(request, pk) -> SiteCapacity:
    capacity = get_object_or_404(
        selectors.capacity_periods_visible_to(request.user).select_related("site", "site__organisation"), pk=pk
    )
    if not access.can_manage_childcare(request.user, capacity.site.organisation_id):
        raise PermissionDenied
    return capacity


def _membership(request, pk) -> Membership:
    membership = get_object_or_404(
        selectors.staff_memberships_visible_to(request.user).select_related("user", "site"), pk=pk
    )
    if not access.can_manage_childcare(request.user, membership.organisation_id):
        raise PermissionDenied
    return membership


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _period(request) -> tuple[PeriodForm, selectors.Period]:
    """The period from ?start=&end= (each may be left out); the school year around today when
    nothing (valid) is given. Bad input shows its error and the default period."""
    default = selectors.school_year_around(timezone.localdate())
    form = PeriodForm(request.GET or None, initial={"start": default.start, "end": default.end})
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or default.start
        end = form.cleaned_data["end"] or default.end
        if end >= start:
            return form, selectors.Period(start, end)
        form.add_error(None, _("The end date cannot be before the start date."))
    return form, default


def _back(request, fallback: str) -> str:
    target = params.get_text(request.POST, "next", max_length=500)
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --------------------------------------------------------------------------- pages


@login_required
@require_safe
def index(request):
    if not selectors.can_open_childcare(request.user):
        raise PermissionDenied
    blocks = selectors.childcare_overview(request.user)
    return render(
        request,
        "childcare/index.html",
        {"blocks": blocks, "can_manage": any(b.can_manage for b in blocks)},
    )


@login_required
@require_safe
def site_detail(request, pk):
    site = _site(request, pk)
    period_form, period = _period(request)
    can_manage = access.can_manage_childcare(request.user, site.organisation_id)
    internships = selectors.site_internships(request.user, site, period)
    page = Paginator(internships, PAGE_SIZE).get_page(request.GET.get("page"))
    use = selectors.site_use(site, period)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "childcare/site_detail.html",
        {
            "site": site,
            "can_manage": can_manage,
            "staff": selectors.site_staff(request.user, site),
            "period_form": period_form,
            "period": period,
            "use": use,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_safe
def capacity_overview(request):
    if not access.can_see_capacity(request.user):
        raise PermissionDenied
    period_form, period = _period(request)
    return render(
        request,
        "childcare/capacity.html",
        {"period_form": period_form, "period": period, "organisations": selectors.capacity_overview(request.user, period)},
    )


# --------------------------------------------------------------------------- sites


def _form_page(request, form, *, title, site=None, cancel=None, status=200):
    return render(
        request,
        "childcare/form_page.html",
        {"form": form, "title": title, "site": site, "cancel": cancel or reverse("childcare:index")},
        status=status,
    )


@login_required
def site_add(request):
    organisations = list(access.managed_childcare_organisations(request.user).order_by("name"))
    if not organisations:
        raise PermissionDenied
    form = SiteForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = services.site_create(
                organisation=data.get("organisation") or organisations[0], name=data["name"], kind=data["kind"], address=data["address"],
                city=data["city"], capacity=data["capacity"], coach_review=data["coach_review"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Site %(name)s added.") % {"name": site.name})
            return redirect("childcare:site", pk=site.pk)
    return _form_page(request, form, title=_("New site"))


@login_required
def site_edit(request, pk):
    site = _site(request, pk, manage=True)
    initial = {f: getattr(site, f) for f in ("name", "kind", "address", "city", "capacity", "coach_review")}
    form = SiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_update(site=site, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Site %(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("childcare:site", pk=site.pk)
    return _form_page(
        request, form, title=_("Edit site %(name)s") % {"name": site.name}, site=site,
        cancel=reverse("childcare:site", args=[site.pk]),
    )


# --------------------------------------------------------------------------- capacity periods


@login_required
def capacity_add(request, pk):
    site = _site(request, pk, manage=True)
    form = CapacityForm(request.POST or None, initial={"places": site.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_create(site=site, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Capacity period added."))
            return redirect(reverse("childcare:site", args=[site.pk]) + "#capacity")
    return _form_page(
        request, form, title=_("New capacity period for %(site)s") % {"site": site.name}, site=site,
        cancel=reverse("childcare:site", args=[site.pk]),
    )


@login_required
def capacity_edit(request, pk):
    capacity = _capacity(request, pk)
    site = capacity.site
    initial = {f: getattr(capacity, f) for f in ("start_date", "end_date", "places", "note")}
    form = CapacityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.capacity_update(capacity=capacity, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Capacity period saved."))
            return redirect(reverse("childcare:site", args=[site.pk]) + "#capacity")
    return _form_page(
        request, form, title=_("Edit capacity period of %(site)s") % {"site": site.name}, site=site,
        cancel=reverse("childcare:site", args=[site.pk]),
    )


@login_required
@require_POST
def capacity_delete(request, pk):
    capacity = _capacity(request, pk)
    services.capacity_delete(capacity=capacity)
    messages.success(
        request,
        _("Capacity period %(start)s – %(end)s deleted.")
        % {"start": _date(capacity.start_date), "end": _date(capacity.end_date)},
    )
    return redirect(reverse("childcare:site", args=[capacity.site_id]) + "#capacity")


def _date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- mentors and coaches


def _membership_action(request, pk, action, success: str):
    membership = _membership(request, pk)
    back = _back(request, reverse("childcare:site", args=[membership.site_id]) + "#staff")
    try:
        action(membership=membership, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success % {"name": membership.user, "site": membership.site})
    return redirect(back)


@login_required
@require_POST
def membership_deactivate(request, pk):
    return _membership_action(
        request, pk, services.membership_deactivate,
        _("%(name)s is deactivated at %(site)s and has no access there any more. What they wrote stays."),
    )


@login_required
@require_POST
def membership_reactivate(request, pk):
    return _membership_action(request, pk, services.membership_reactivate, _("%(name)s is active again at %(site)s."))
