"""API tokens: a person sees and revokes only their own (access-policy: "API tokens: own").

What a token may *read* is what its person may read: the API endpoints call the same
selectors as the pages (``internships_visible_to`` and friends). A read-only token may not
write (403)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404


def api_tokens_visible_to(user) -> QuerySet:
    from api.models import ApiToken

    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def api_token_or_404(user, pk: int):
    return get_object_or_404(api_tokens_visible_to(user), pk=pk)


def token_may_write(token) -> bool:
    return token.can_write
