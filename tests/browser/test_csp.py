"""The Content-Security-Policy in a real browser (issue #13, ADR 0010).

The shared fixture (conftest.py) fails every browser test on a CSP violation. Here: that it
really catches one, and a walk through the pages of the busiest roles, with their JavaScript
(Bootstrap, htmx, the app's scripts) running under the policy.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser

SKIP = re.compile(r"^/(accounts/logout|i18n|django-admin)/|(\.(pdf|zip|ics|csv|xlsx|json)|/download/|/file/)$")


def test_the_fixture_catches_what_the_csp_blocks(page: Page, live_server, csp_violations):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    page.evaluate(
        """() => {
          const s = document.createElement("script"); s.textContent = "window.injected = 1";
          document.head.appendChild(s);
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.injected") is None  # the inline script did not run
    assert any("script-src" in v for v in csp_violations), csp_violations
    assert any("style-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # caught: this test passes


def _walk(page: Page, base: str, per_route: int = 1, limit: int = 40) -> list[str]:
    seen, routes, queue = [], set(), ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        route = re.sub(r"[0-9a-f-]{36}|\d+", "#", path)
        if route in routes or SKIP.search(path):
            continue
        routes.add(route)
        response = page.goto(base + path)
        assert response and "default-src 'self'" in response.headers.get("content-security-policy", ""), path
        page.wait_for_load_state("load")
        seen.append(path)
        for href in page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))"):
            queue.append(urlsplit(href).path)
    return seen


@pytest.mark.parametrize("login", ["schooladmin@uniform.demo", "mentor@uniform.demo", "coordinator@uniform.demo"])
def test_the_pages_of_a_role_work_under_the_csp(page: Page, live_server, login):
    log_in(page, live_server.url, login)
    seen = _walk(page, live_server.url)
    assert len(seen) > 5, seen
    # htmx and Bootstrap ran (the navbar's dropdown opens) without an inline style or eval.
    page.goto(live_server.url + "/")
    page.get_by_role("button", name=re.compile("menu", re.I)).or_(page.locator(".dropdown-toggle")).first.click()
    expect(page.locator(".dropdown-menu.show, .navbar-collapse.show").first).to_be_visible()
