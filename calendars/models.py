"""A person's calendar subscription (ADR 0016).

The feed's URL holds ``<key>.<mac>``: ``key`` is random and stored; ``mac`` is an HMAC of the
key under the server's SECRET_KEY and is *not* stored. The URL is the only credential of the
feed: a copy of the database alone cannot open a feed, the MAC is compared in constant time,
and renewing draws a new key (the old URL is dead at once). The settings page can show the
URL again at any time (it is derived, not kept).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"calendar of {self.user_id} since {self.created_at:%Y-%m-%d}"
