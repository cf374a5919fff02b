"""Bearer authentication and the per-token rate limit.

``Authorization: Bearer unf_...``: the token's person becomes ``request.user``, so every
endpoint reads through the same access selectors as the pages. A wrong, expired or revoked
token is a 401; over the rate a 429 with Retry-After (counted per token in the cache)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer

from api import selectors, services

#: Requests per token per window (seconds); settings.UNIFORM_API_RATE overrides it.
DEFAULT_RATE = (600, 60)


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


def _count(token) -> None:
    limit, window = getattr(settings, "UNIFORM_API_RATE", DEFAULT_RATE)
    now = int(time.time())
    start = now - now % window
    key = f"api-rate:{token.pk}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > limit:
        raise RateLimited(retry_after=max(1, start + window - now))


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = selectors.active_token(token)
        if found is None:
            return None
        _count(found)
        services.token_used(token=found)
        request.user = found.user
        request.api_token = found
        return found
