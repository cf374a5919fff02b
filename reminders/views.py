"""The coordinator's reminder schedule and an organisation's opt-out (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

import access
from reminders import selectors, services
from reminders.forms import OptOutForm, ScheduleForm
from reminders.models import Reminder
from web.service_messages import messages_of, report_errors


@login_required
def schedule(request):
    """Every reminder of the network: on or off, after how many days (the coordinator)."""
    network = access.reminder_networks(request.user).order_by("name").first()
    if network is None:
        raise PermissionDenied
    settings = selectors.schedule_of(network.pk)
    form = ScheduleForm(request.POST if request.method == "POST" else None, settings=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_save(network=network, values=form.values(), by=request.user)
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("Reminder schedule saved."))
            return redirect(reverse("reminders:schedule"))
    return render(request, "reminders/schedule.html", {
        "title": _("Reminders"), "network": network, "form": form,
    }, status=400 if form.errors else 200)


@login_required
def opt_outs(request):
    """The school's or childcare organisation's admin turns reminders off for their own people."""
    organisations = list(access.reminder_organisations(request.user).order_by("name"))
    if not organisations:
        raise PermissionDenied
    if request.method == "POST":
        form = OptOutForm(request.POST, reminders=Reminder.values, organisations=organisations)
        if not form.is_valid():
            for message in messages_of(form):
                messages.error(request, message)
            return redirect(reverse("reminders:opt_outs"))
        org = form.cleaned_data["organisation"]
        services.opt_outs_save(organisation=org, by=request.user,
                               off={reminder: form.cleaned_data[f"off_{reminder}"] for reminder in Reminder.values})
        messages.success(request, _("Reminders for %(org)s saved.") % {"org": org.name})
        return redirect(reverse("reminders:opt_outs") + f"#org-{org.pk}")
    return render(request, "reminders/opt_outs.html", {
        "title": _("Reminders for our people"), "rows": selectors.organisations_opting(organisations),
    })
