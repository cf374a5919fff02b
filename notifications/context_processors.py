"""The bell: the unread count on every page, one COUNT query, only when a page shows it."""

from django.utils.functional import SimpleLazyObject


def bell(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}

    def count() -> int:
        from notifications import selectors

        return selectors.unread_count(user)

    return {"bell_unread": SimpleLazyObject(count)}
