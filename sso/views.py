"""Login providers of a network (the coordinator) or an organisation (its admin): thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from sso import services
from sso.forms import ProviderForm
from web.service_messages import errors_to_form


def _scopes(user) -> list[tuple[str, str]]:
    scopes = [(f"n{n.pk}", _("The whole network %(name)s") % {"name": n.name}) for n in access.sso_networks(user).order_by("name")]
    scopes += [(f"o{o.pk}", o.name) for o in access.sso_organisations(user).order_by("name")]
    return scopes


def _all_errors(form, *, new: bool) -> None:
    """A form with errors of its own also gets the service's, for the fields it left alone."""
    try:
        services.check(form.data, new=new)
    except ValidationError as error:
        for name, errors in error.error_dict.items():
            if name not in form.errors:
                form.add_error(name, errors)


def _callback_url(request, provider) -> str:
    return request.build_absolute_uri(provider.callback_path)


@login_required
def provider_list(request):
    if not access.can_configure_sso(request.user):
        raise PermissionDenied
    providers = list(access.login_providers_visible_to(request.user).order_by("name"))
    for provider in providers:
        provider.callback_url = _callback_url(request, provider)
    return render(request, "sso/list.html", {"title": _("Log in with the school's account"), "providers": providers})


@login_required
def provider_new(request):
    if not access.can_configure_sso(request.user):
        raise PermissionDenied
    scopes = _scopes(request.user)
    form = ProviderForm(request.POST if request.method == "POST" else None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        network = organisation = None
        if scope.startswith("n"):
            network = access.sso_networks(request.user).get(pk=int(scope[1:]))
        else:
            organisation = access.sso_organisations(request.user).get(pk=int(scope[1:]))
            network = organisation.network
        try:
            provider = services.provider_create(network=network, organisation=organisation, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Login provider saved. Register the redirect URI below with the provider."))
            return redirect("sso:edit", pk=provider.pk)
    elif form.is_bound:
        _all_errors(form, new=True)
    return render(request, "sso/form.html", {"title": _("New login provider"), "form": form},
                  status=400 if form.errors else 200)


@login_required
def provider_edit(request, pk):
    provider = get_object_or_404(access.login_providers_visible_to(request.user), pk=pk)
    initial = {name: getattr(provider, name) for name in services.FIELDS}
    form = ProviderForm(request.POST if request.method == "POST" else None, initial=initial, scopes=[], editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(provider=provider, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Login provider saved."))
            return redirect("sso:edit", pk=provider.pk)
    elif form.is_bound:
        _all_errors(form, new=False)
    return render(request, "sso/form.html", {
        "title": provider.name, "form": form, "provider": provider, "callback_url": _callback_url(request, provider),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def provider_delete(request, pk):
    provider = get_object_or_404(access.login_providers_visible_to(request.user), pk=pk)
    services.provider_delete(provider=provider, by=request.user)
    messages.success(request, _("Login provider removed."))
    return redirect("sso:list")
