"""Site profiles, the site directory and kennismakingsmomenten (ADR 0017). Thin: reach through
``access`` (not yours → 404; yours but not your role → 403), write through the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from childcare import profile_selectors as selectors
from childcare import profile_services as services
from childcare.models import IntroductionMoment, Site
from childcare.profile_forms import IntroductionForm, RegistrationForm, SiteProfileForm
from web import params
from web.service_messages import errors_to_form


def _editable(request, site: Site) -> Site:
    if not access.can_edit_site_profile(request.user, site):
        raise PermissionDenied
    return site


DIRECTORY_PAGE = 30


@login_required
@require_safe
def site_directory(request):
    if not access.can_browse_sites(request.user):
        raise PermissionDenied
    filters = selectors.DirectoryFilter(
        municipality=params.get_text(request.GET, "municipality", max_length=120),
        kind=params.get_text(request.GET, "kind", max_length=20),
        age=params.get_text(request.GET, "age", max_length=20),
    )
    # 30 cards a page: a region has 400 sites (the page was 208 KB, ADR 0021).
    page = Paginator(selectors.site_directory(request.user, filters), DIRECTORY_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "childcare/site_directory.html", {
        "sites": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "municipalities": selectors.directory_municipalities(request.user),
        "kinds": Site.Kind.choices,
        "ages": Site.AGE_GROUPS,
    })


@dataclass
class _Bound:
    """The registration form that was posted (re-shown with its errors on the profile page)."""

    moment: IntroductionMoment
    form: RegistrationForm


def _registration_forms(request, site: Site, moments, bound: _Bound | None = None) -> dict[int, RegistrationForm]:
    """A registration form per moment with places left, for whoever may register (else none)."""
    network_id = site.organisation.network_id
    if not access.introduction_schools(request.user).filter(network_id=network_id).exists():
        return {}
    groups = access.groups_to_register(request.user, network_id).select_related("school").order_by("name")
    students = access.students_to_register(request.user, network_id).select_related("group").order_by("last_name", "first_name")
    forms = {}
    for moment in moments:
        if bound is not None and bound.moment.pk == moment.pk:
            forms[moment.pk] = bound.form
        elif moment.places_left > 0:
            forms[moment.pk] = RegistrationForm(groups=groups, students=students, moment=moment)
    return forms


def _profile_page(request, site: Site, bound: _Bound | None = None):
    moments = selectors.upcoming_introductions(request.user, site)
    forms = _registration_forms(request, site, moments, bound)
    for moment in moments:
        moment.form = forms.get(moment.pk)  # type: ignore[attr-defined]
    return render(request, "childcare/site_profile.html", {
        "site": site,
        "moments": moments,
        "can_edit": access.can_edit_site_profile(request.user, site),
        "can_register": bool(forms),
        "documents": list(site.required_documents.all()),
        "sees_registrations": access.holds(request.user, "introduction.registrations"),
        "can_browse": access.can_browse_sites(request.user),
        "can_cancel": {
            r.pk for m in moments for r in m.visible_registrations  # type: ignore[attr-defined]
            if access.can_cancel_introduction_registration(request.user, r)
        },
    })


@login_required
@require_safe
def site_profile(request, pk):
    return _profile_page(request, selectors.site_profile(request.user, pk))


def _form_page(request, form, *, title, site, cancel=None):
    return render(request, "childcare/form_page.html", {
        "form": form, "title": title, "site": site, "cancel": cancel or reverse("childcare:site_profile", args=[site.pk]),
    })


@login_required
def site_profile_edit(request, pk):
    site = _editable(request, selectors.site_profile(request.user, pk))
    initial = {f: getattr(site, f) for f in ("vision", "accents", "expectations", "hours", "what_to_bring", "directions")}
    initial["ages"] = [name for name, _label in Site.AGE_GROUPS if getattr(site, name)]
    initial["required_documents"] = list(site.required_documents.values_list("pk", flat=True))
    form = SiteProfileForm(request.POST or None, initial=initial, document_types=selectors.document_types_of(site))
    if request.method == "POST" and form.is_valid():
        try:
            services.site_profile_update(site=site, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The profile of %(name)s is saved.") % {"name": site.name})
            return redirect("childcare:site_profile", pk=site.pk)
    return _form_page(request, form, title=_("Profile of %(name)s") % {"name": site.name}, site=site)


@login_required
def introduction_add(request, pk):
    site = _editable(request, selectors.site_profile(request.user, pk))
    form = IntroductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_create(site=site, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Kennismakingsmoment published."))
            return redirect(reverse("childcare:site_profile", args=[site.pk]) + "#introductions")
    return _form_page(request, form, title=_("New kennismakingsmoment at %(name)s") % {"name": site.name}, site=site)


@login_required
def introduction_edit(request, pk):
    moment = selectors.introduction_moment(request.user, pk)
    site = _editable(request, moment.site)
    initial = {f: getattr(moment, f) for f in ("date", "start_time", "end_time", "places", "audience", "note")}
    form = IntroductionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_update(moment=moment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Kennismakingsmoment saved."))
            return redirect(reverse("childcare:site_profile", args=[site.pk]) + "#introductions")
    return _form_page(request, form, title=_("Kennismakingsmoment of %(date)s") % {"date": moment.date.strftime("%d/%m/%Y")}, site=site)


@login_required
@require_POST
def introduction_register(request, pk):
    moment = selectors.introduction_moment(request.user, pk)
    site = moment.site
    network_id = site.organisation.network_id
    schools = list(access.introduction_schools(request.user).filter(network_id=network_id))
    if not schools:
        raise PermissionDenied
    form = RegistrationForm(
        request.POST, moment=moment,
        groups=access.groups_to_register(request.user, network_id),
        students=access.students_to_register(request.user, network_id),
    )
    if form.is_valid():
        data = form.cleaned_data
        chosen = data.get("group") or data.get("student")
        school = next(s for s in schools if s.pk == chosen.school_id)
        try:
            services.introduction_register(
                moment=moment, by=request.user, school=school, group=data.get("group"), student=data.get("student"),
                number=data["number"], note=data["note"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Registered for %(date)s at %(site)s.") % {"date": moment.date.strftime("%d/%m/%Y"), "site": site.name})
            return redirect(reverse("childcare:site_profile", args=[site.pk]) + f"#moment-{moment.pk}")
    return _profile_page(request, site, _Bound(moment, form))


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = selectors.introduction_registration(request.user, pk)
    if not access.can_cancel_introduction_registration(request.user, registration):
        raise PermissionDenied
    try:
        services.introduction_registration_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The registration is cancelled; its places are free again."))
    site = registration.moment.site
    if not selectors.site_profiles_visible_to_contains(request.user, site):
        return redirect("home")
    return redirect(reverse("childcare:site_profile", args=[site.pk]) + "#introductions")
