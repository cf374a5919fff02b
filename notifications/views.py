"""The notification centre: the list (grouped by internship), mark read, the preferences, the
one-click unsubscribe; who-sent-what for school and childcare admins; counts for the
coordinator. A person only ever reaches their own notifications (others: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language as django_set_language

import access
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.kinds import kinds_for


@login_required
@require_safe
def index(request):
    groups = selectors.grouped_for(request.user)
    return render(request, "notifications/index.html", {
        "groups": groups,
        "sees_sent": access.holds(request.user, "notifications.sent"),
        "sees_counts": access.holds(request.user, "notifications.counts"),
    })


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def mark_read(request, pk: int):
    row = selectors.notification_of(request.user, pk)
    if row is None:
        raise Http404
    services.mark_read(user=request.user, pk=row.pk)
    if request.POST.get("open"):
        return redirect(row.link)
    return redirect(_back(request, "notifications:index"))


@login_required
@require_POST
def mark_all_read(request):
    n = services.mark_read(user=request.user)
    if n:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:index")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    chosen, settings_row = selectors.preferences_of(request.user)
    offered = kinds_for(access.roles_of(request.user))
    default = services.default_delivery(request.user, "")
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, chosen=chosen, defaults=dict.fromkeys(offered, default),
        offered=offered, mail_settings=settings_row,
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user=request.user, choices=form.choices(), digest_hour=form.cleaned_data["digest_hour"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # RFC 8058: the mail client POSTs without a session; the signed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    if request.method != "POST":
        return render(request, "notifications/unsubscribe.html", {"token": token, "done": False})
    result = services.unsubscribe(token=token)
    if result is None:
        raise Http404
    _user, kind = result
    return render(request, "notifications/unsubscribe.html", {"token": token, "done": True, "kind": kind,
                                                              "must_act": services.kinds.must_act(kind)})


@login_required
@require_safe
def sent(request):
    """What was sent to whom about the school's or the site's internships."""
    internships = access.notification_internships(request.user)
    if internships is None:
        raise PermissionDenied
    internship = None
    if pk := request.GET.get("internship"):
        internship = internships.filter(pk=pk).first() if _is_uuid(pk) else None
        if internship is None:
            raise Http404
    rows = selectors.sent_about(internships, internship=internship)
    choices = internships.select_related("student", "site").order_by("student__last_name")[:500]
    return render(request, "notifications/sent.html", {"rows": rows, "internship": internship, "choices": choices})


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_safe
def counts(request):
    networks = access.notification_count_networks(request.user)
    if not networks:
        raise PermissionDenied
    return render(request, "notifications/counts.html", {"rows": selectors.counts_per_week(networks)})


def set_language(request):
    """Django's language switch, and the person's mails follow the choice (ADR 0015): the
    language of the page where they last chose one."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated and response.status_code in (200, 204, 302):
        services.remember_language(user=request.user, language=request.POST.get("language", ""))
    return response
