"""One tap from a mail to the task (ADR 0016).

Every notification mail links to ``/go/?next=<the page>&for=<signed person>``. Logged in, that
is a redirect to the page. Logged out, it is a login page with the person's address filled in
and one button that asks allauth for a login code (allauth's own view, with its rate limits and
enumeration rules); after the code, allauth sends them on to ``next``.

The link grants nothing by itself: it is no login token. ``for`` only says whose address to fill
in (signed, so a crafted link cannot put another address on our page, and dated: 60 days);
the code still goes to that mailbox only, and an account with an authenticator app still gives
its second factor (ADR 0009). ``next`` must be a path on this site.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

SALT = "uniform.onetap"
MAX_AGE = 60 * 24 * 3600


def base_url() -> str:
    return str(getattr(settings, "UNIFORM_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def mail_link(user, path: str, *, base: str | None = None) -> str:
    """The absolute URL a mail to ``user`` uses for the page at ``path``."""
    signer = signing.TimestampSigner(salt=SALT)
    query = urlencode({"next": path, "for": signer.sign(str(user.pk))}, safe="/:")
    return f"{(base or base_url()).rstrip('/')}{reverse('onetap')}?{query}"


def _person(value: str):
    try:
        pk = signing.TimestampSigner(salt=SALT).unsign(value or "", max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def _safe_next(request) -> str:
    target = request.GET.get("next") or "/"
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                          require_https=request.is_secure()):
        return reverse("home")
    return target


@require_GET
def go(request):
    target = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(target)
    person = _person(request.GET.get("for", ""))
    return render(request, "account/onetap.html", {
        "next": target, "email": person.email if person else "",
        "login_url": f"{reverse('account_login')}?{urlencode({'next': target})}",
    })
