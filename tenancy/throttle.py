"""Limits on guessing, for every password or code check outside allauth's own forms.

One place, on allauth's rate-limit machinery: the same cache as the login limits, the same
client address (``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``), the
same rate notation. The rates live in ``settings.UNIFORM_RATE_LIMITS`` beside allauth's and are
off with them (``ACCOUNT_RATE_LIMITS = False`` in the test settings).

Use::

    refund = throttle.attempt(request, "password_check", user=request.user)  # may raise
    ...check the password; a wrong one raises...
    refund()  # it was right: only failures count

An attempt is counted *before* the check (so a burst of parallel guesses cannot all slip in
before the first failure is written) and given back when it succeeds. See docs/adr/0009.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TOO_MANY = _("Too many attempts in a short time: wait a few minutes, then try again.")


class TooManyAttempts(ValidationError):
    def __init__(self):
        super().__init__(TOO_MANY, code="too_many_attempts")


def attempt(request, action: str, *, user=None, key: str | None = None, limit_get: bool = False) -> Callable[[], None]:
    """Count one attempt at ``action`` (per ``user``, ``key`` or client IP, as its rate says).
    Raises TooManyAttempts over the limit; returns the function that gives the attempt back."""
    usage = ratelimit.consume(
        request, app="uniform", action=action, config=account_settings.RATE_LIMITS,
        user=user, key=key, limit_get=limit_get,
    )
    if usage is None:
        raise TooManyAttempts()
    return usage.rollback


def check_password(request, user, password: str, *, error: str) -> None:
    """The person's password, checked under the per-person limit of password checks
    (``password_check``: shared by signing and the password change, so they do not add up)."""
    refund = attempt(request, "password_check", user=user)
    if not user.check_password(password or ""):
        raise ValidationError(error, code="wrong_password")
    refund()
