"""The calendar settings page (the subscription URL, renew it) and the feed itself.

The feed is opened by calendar apps, logged out: the token in its URL is its only credential
(calendars.models). A wrong or renewed token is a 404, like anything that is not yours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from calendars import selectors, services


def _feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("calendars:feed", args=[selectors.token_of(feed)]))


@login_required
@require_GET
def settings_page(request):
    feed = selectors.feed_of(request.user)
    url = _feed_url(request, feed) if feed else ""
    return render(request, "calendars/settings.html", {
        "title": _("My calendar"), "feed": feed, "url": url,
        "webcal": url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "events": [e for e in selectors.events_for(request.user) if e.day >= timezone.localdate()][:8],
    })


@login_required
@require_POST
def renew(request):
    had = selectors.feed_of(request.user) is not None
    services.feed_renew(user=request.user)
    messages.success(request, _("New calendar link made: the old link no longer works. Subscribe again with the new one.")
                     if had else _("Your calendar link is ready."))
    return redirect(reverse("calendars:settings"))


@require_GET
def feed(request, token: str):
    user = selectors.user_for_token(token)
    if user is None:
        raise Http404
    body = selectors.calendar_bytes(user, base_url=request.build_absolute_uri("/").rstrip("/"),
                                    domain=request.get_host().split(":")[0] or "uniform")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="uniform.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
