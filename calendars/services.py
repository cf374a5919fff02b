"""Writes for calendar feeds: make one, renew it (the old URL stops working at once)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from calendars.models import CalendarFeed


@transaction.atomic
def feed_renew(*, user) -> CalendarFeed:
    """The person's feed with a new key (made when they had none)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
    feed.key = secrets.token_urlsafe(18)[:24]
    feed.created_at = timezone.now()
    feed.save()
    return feed
