"""The coordinator builds the network: the list of schools and childcare organisations with
counts, adding and editing them, inviting their first admin, deactivating them (ADR 0017).
Thin: reach through ``access`` (not yours → 404; not a coordinator → 403), write through the
services, refusals as form errors or messages."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import access
from network import selectors, services
from network.forms import FirstAdminForm, OrganisationForm
from tenancy import services as tenancy_services
from tenancy.models import Organisation
from web import params
from web.service_messages import errors_to_form

logger = logging.getLogger(__name__)


def _gate(request) -> None:
    if not access.can_build_network(request.user):
        raise PermissionDenied


def _organisation(request, pk) -> Organisation:
    """Not one of the person's network's organisations (or not a coordinator): 404."""
    return get_object_or_404(access.organisations_to_manage(request.user).select_related("network"), pk=pk)




@login_required
@require_safe
def organisations(request):
    _gate(request)
    kind = params.get_text(request.GET, "kind", max_length=20)
    show = params.get_text(request.GET, "show", max_length=20)
    rows = list(selectors.organisations_with_counts(request.user, kind=kind, show=show))
    return render(request, "network/organisations.html", {
        "schools": [o for o in rows if o.kind == Organisation.Kind.SCHOOL],
        "childcare": [o for o in rows if o.kind == Organisation.Kind.CHILDCARE],
        "kind": kind, "show": show, "network": access.coordinated_network(request.user),
    })


@login_required
def organisation_add(request, kind):
    _gate(request)
    if kind not in Organisation.Kind.values:
        raise Http404
    network = access.coordinated_network(request.user)
    form = OrganisationForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=request.user, network=network, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("%(name)s added. Invite its first admin now.") % {"name": organisation.name})
            return redirect("network:organisation", pk=organisation.pk)
    title = _("New school") if kind == Organisation.Kind.SCHOOL else _("New childcare organisation")
    return render(request, "network/form_page.html", {"form": form, "title": title, "cancel": reverse("network:organisations")})


def _detail(request, organisation: Organisation, invite_form=None, status=200):
    return render(request, "network/organisation_detail.html", {
        "organisation": organisation,
        "counts": selectors.organisation_counts(organisation),
        "admins": selectors.organisation_admins(organisation),
        "invitations": selectors.admin_invitations(organisation),
        "sites": list(organisation.sites.all()) if organisation.kind == Organisation.Kind.CHILDCARE else [],
        "invite_form": invite_form or FirstAdminForm(),
    }, status=status)


@login_required
@require_safe
def organisation_detail(request, pk):
    return _detail(request, _organisation(request, pk))


@login_required
def organisation_edit(request, pk):
    organisation = _organisation(request, pk)
    initial = {f: getattr(organisation, f) for f in ("name", "school_type", "address", "city")}
    form = OrganisationForm(request.POST or None, kind=organisation.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(by=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": form.cleaned_data["name"]})
            return redirect("network:organisation", pk=organisation.pk)
    return render(request, "network/form_page.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": organisation.name}, "organisation": organisation,
        "cancel": reverse("network:organisation", args=[organisation.pk]),
    })


@login_required
@require_POST
def organisation_invite(request, pk):
    organisation = _organisation(request, pk)
    form = FirstAdminForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.first_admin_invite(by=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            url = request.build_absolute_uri(reverse("invitation_accept", args=[invitation.token]))
            try:
                tenancy_services.invitation_send(invitation=invitation, accept_url=url)
            except OSError:
                logger.exception("Could not send invitation %s", invitation.pk)
                messages.warning(
                    request,
                    _("The invitation was made, but the email could not be sent. Send this link yourself: %(url)s") % {"url": url},
                )
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect(reverse("network:organisation", args=[organisation.pk]) + "#admins")
    return _detail(request, organisation, invite_form=form)


@login_required
@require_POST
def organisation_status(request, pk):
    organisation = _organisation(request, pk)
    action = params.get_text(request.POST, "action", max_length=20)
    back = reverse("network:organisation", args=[organisation.pk])
    if action not in ("deactivate", "reactivate"):
        messages.error(request, _("Choose to deactivate or to reactivate."))
        return redirect(back)
    try:
        if action == "deactivate":
            services.organisation_deactivate(by=request.user, organisation=organisation)
        else:
            services.organisation_reactivate(by=request.user, organisation=organisation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if action == "deactivate":
            messages.success(request, _("%(name)s is deactivated: its people have no access any more. Nothing was deleted.") % {"name": organisation.name})
        else:
            messages.success(request, _("%(name)s is active again.") % {"name": organisation.name})
    return redirect(back)
