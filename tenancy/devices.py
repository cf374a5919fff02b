"""Browsers where someone logged in before ("known devices"), so that a stranger cannot lock
the owner out of their own account.

The limits per account (failed logins over all addresses, ``login_failed_account``; allauth's
3 login codes a minute per address, ``request_login_code``) count what anyone on the internet
sends for that address: a stranger with a few addresses could hold them for the owner too,
and then password, code and reset all wait. A browser that logged in as the account before
carries a signed cookie naming the account; its attempts are counted apart, per browser (the
same rates), so the owner gets in from their usual browser while strangers hold the account's
own counters. A new browser waits as before. The cookie is signed (``SECRET_KEY``) and carries
a random id, so a forged one counts as none and a stolen one buys one browser's allowance, not
the account's. See docs/adr/0009-account-takeover-and-guessing.md.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing

SALT = "uniform.devices"
MAX_AGE = 400 * 24 * 60 * 60  # the longest browsers keep a cookie
MAX_ACCOUNTS = 5  # a shared tablet remembers the last few people


def _read(request) -> dict:
    value = request.COOKIES.get(settings.UNIFORM_DEVICE_COOKIE)
    if not value:
        return {}
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("u"), list):
        return {}
    return data


def remember(request, user) -> None:
    """Called at login: the response sets the cookie (``DeviceCookieMiddleware``)."""
    data = _read(request)
    accounts = [pk for pk in data.get("u", []) if pk != user.pk][-(MAX_ACCOUNTS - 1):] + [user.pk]
    request._uniform_device = {"id": data.get("id") or secrets.token_urlsafe(16), "u": accounts}


def known_device(request, login: str) -> str | None:
    """The id of this browser if an account with this address logged in here before."""
    from tenancy import selectors

    data = _read(request)
    login = (login or "").strip()
    if not data or not login:
        return None
    accounts = [pk for pk in data["u"] if isinstance(pk, int)]
    return data["id"] if selectors.is_login_of(accounts, login) else None


def limit_key(request, login: str) -> str:
    """The key of a per-account limit: the address, or the address from this known browser."""
    login = (login or "").lower()
    device = known_device(request, login)
    return f"{login}:device:{device}" if device else login


class DeviceCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        data = getattr(request, "_uniform_device", None)
        if data:
            response.set_cookie(
                settings.UNIFORM_DEVICE_COOKIE, signing.dumps(data, salt=SALT), max_age=MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )
        return response
