"""Headers and request size (issue #13, ADR 0010).

Every page carries a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval' and a
Permissions-Policy; and no page contains what that policy would block: an inline script, an
inline event handler, a style="" attribute or a javascript: URL. The pages are found by
following the links of each demo login's home (every kind of page, once per URL pattern).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.conftest import ANTWERPEN_LOGINS, LIMBURG_LOGINS

SKIP = ("/accounts/logout/", "/i18n/", "/django-admin/")
DOWNLOAD = re.compile(r"(\.(pdf|zip|ics|csv|xlsx|json)|/download/|/file/)$")


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.blocked: list[str] = []
        self._script_without_src = False
        self._script_type = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…> (inline event handler)")
            if name == "style":
                self.blocked.append(f'<{tag} style="{value}"> (style attribute)')
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value}> (javascript: URL)")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "script":
            kind = (attrs.get("type") or "text/javascript").lower()
            self._script_without_src = "src" not in attrs and kind in {"text/javascript", "module"} and "nonce" not in attrs
        if tag == "style" and "nonce" not in attrs:
            self.blocked.append("<style> without a nonce")

    def handle_data(self, data):
        if self._script_without_src and data.strip():
            self.blocked.append(f"inline <script>: {data.strip()[:80]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_without_src = False


def assert_headers(response, url):
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy, f"{url}: CSP {policy!r}"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, f"{url}: {policy}"
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions, f"{url}: Permissions-Policy {permissions!r}"


def crawl(client, start: str, per_route: int = 2, limit: int = 150, skip: tuple[str, ...] = SKIP) -> list[tuple[str, int]]:
    seen_routes: dict[str, int] = {}
    queue, visited, problems, pages = [start], set(), [], []
    while queue and len(visited) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in visited or path.startswith(skip):
            continue
        try:
            route = resolve(path).route
        except Resolver404:
            continue
        if seen_routes.get(route, 0) >= per_route:
            continue
        seen_routes[route] = seen_routes.get(route, 0) + 1
        visited.add(url)
        response = client.get(url)
        pages.append((url, response.status_code))
        assert_headers(response, url)
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            continue
        parser = Page()
        parser.feed(response.content.decode())
        problems += [f"{url}: {b}" for b in parser.blocked]
        for href in parser.links:
            parts = urlsplit(href)
            if not parts.netloc and parts.path.startswith("/") and not DOWNLOAD.search(parts.path):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert not problems, "the CSP would block:\n" + "\n".join(problems)
    return pages


@pytest.mark.parametrize("login", LIMBURG_LOGINS + ANTWERPEN_LOGINS[:1])
def test_every_page_has_csp_and_permissions_policy_and_nothing_the_csp_blocks(demo, login):
    pages = crawl(demo.client_for(login), reverse("home"))
    assert len(pages) > 3, pages


def test_pages_of_a_visitor_who_is_not_logged_in(client, db):
    for url in (reverse("account_login"), "/accounts/password/reset/", "/no-such-page/", reverse("health")):
        response = client.get(url)
        assert_headers(response, url)
        Page().feed(response.content.decode())
    pages = crawl(client, reverse("account_login"))
    assert pages


def test_the_error_pages_have_no_javascript_link(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"javascript:" not in response.content
    assert b"data-history-back" in response.content


def test_a_request_body_over_the_limit_is_refused_unread_with_a_clear_page(demo, settings):
    settings.MAX_REQUEST_SIZE = 1024 * 1024
    client = demo.client_for("mentor@uniform.demo")
    response = client.post(
        reverse("home"), data=b"x" * (1024 * 1024 + 1), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "Wat je verstuurt is te groot" in response.content.decode()
    assert "1 MB" in response.content.decode()
    assert_headers(response, "413")


def test_a_request_body_under_the_limit_goes_through(demo, settings):
    settings.MAX_REQUEST_SIZE = 1024 * 1024
    client = demo.client_for("mentor@uniform.demo")
    response = client.post(reverse("home"), data=b"x" * 1000, content_type="application/octet-stream")
    assert response.status_code != 413


def test_the_django_admin_pages_have_the_headers_and_nothing_the_csp_blocks(demo, django_user_model):
    from django.conf import settings
    from django.test import Client

    operator = django_user_model.objects.create_superuser(email="operator@uniform.test", password="x" * 12)
    client = Client()
    client.force_login(operator)
    admin = "/" + settings.ADMIN_URL
    pages = crawl(client, admin, per_route=1, limit=60, skip=("/accounts/logout/", "/i18n/", f"{admin}logout/"))
    assert len(pages) > 5, pages
