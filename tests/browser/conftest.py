"""Fixtures for the end-to-end tests: Debian's Chromium driven by Playwright against
pytest-django's ``live_server``.

Notes
-----
* Playwright's sync API runs an asyncio event loop in the main thread; Django refuses
  ORM calls from a thread with a running loop unless told otherwise.
* ``live_server`` tests are transactional: the database is flushed after each one. The
  rows of the demo region seeded once per session (tests/conftest.py) are then put back
  from a snapshot (tests/db_snapshot.py), so every journey starts from the seeded region.
* The live server runs in a thread of this process, so mail sent by the app lands in
  ``django.core.mail.outbox`` (pytest-django switches to the locmem backend).
* Every page runs under the app's Content-Security-Policy (ADR 0010). A violation, whether
  Chromium's console message ("Refused to ...") or a ``securitypolicyviolation`` event, fails
  the test that caused it: a page the CSP breaks is a broken page.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=TIMEOUT_MS)

#: Reports every CSP violation of the page (and its frames) on the console, where it is caught.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber + " (" + (e.sample || "") + ")");
}, true);
"""


def csp_violation(text: str) -> bool:
    return text.startswith("CSP violation:") or (text.startswith("Refused to") and "Content Security Policy" in text)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); browser tests skipped")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def demo_region(transactional_db):
    """The demo region as seeded, for this transactional test (put back after the one before;
    the first one of a worker takes the snapshot, tests/db_snapshot.py)."""
    from tests import db_snapshot

    db_snapshot.ensure()


@pytest.fixture
def csp_violations():
    """What the CSP blocked during the test (tests/browser/test_csp.py reads it); fails the test."""
    found: list[str] = []
    yield found
    if found:
        pytest.fail("the Content-Security-Policy blocked something:\n" + "\n".join(dict.fromkeys(found)))


@pytest.fixture
def new_context(browser, live_server, csp_violations):
    """Factory for fresh browser contexts (own cookies) on the live server; closed after the test."""
    contexts = []

    def make(viewport=None, **options):
        # No service worker unless the test asks for one (tests/browser/test_offline.py): with
        # one, the browser's offline mode holds a page's requests instead of failing them, and
        # the journeys test the pages, not the worker (ADR 0025).
        options.setdefault("service_workers", "block")
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,
            # An English browser: the app must still default to Dutch (tenancy.middleware).
            locale="en-US",
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_LISTENER)
        context.on("page", lambda page: page.on("console", lambda msg: on_console(page, msg)))
        contexts.append(context)
        return context

    def on_console(page, msg):
        if csp_violation(msg.text):
            csp_violations.append(f"{page.url}: {msg.text}")

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, demo_region):
    """A desktop-sized page in a fresh context, with the demo region in the database."""
    return new_context().new_page()


@pytest.fixture
def slow_saves(monkeypatch):
    """Each autosave of a feedback sheet or an evaluation answers 1.5 s after it was stored, as
    on a slow phone on a bad connection: the save is in flight for a while after the last change
    (and has already changed the revision on the server)."""
    import time

    from evaluations.evaluation import views as evaluation_views
    from evaluations.feedback import views as feedback_views

    for module in (feedback_views, evaluation_views):
        save = getattr(module, "_save", None)
        if save is None:
            continue  # (before evaluations had autosave)

        def slow(request, *args, _save=save, **kwargs):
            result = _save(request, *args, **kwargs)
            if request.htmx:
                time.sleep(1.5)
            return result

        monkeypatch.setattr(module, "_save", slow)


def throttled_phone(new_context):
    """A phone-sized page whose CPU runs 4× slower (DevTools' "4× slowdown")."""
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return page


# No xdist_group for the browser journeys: pytest-django puts them last in the collection;
# ungrouped, each worker reaches them after its other tests. In a group they can run first (the
# largest groups are scheduled first), and Playwright's event loop, started by the session
# fixture above, then stays in the worker's main thread: its later tests that go through
# async_to_sync (the health check) fail with "You cannot use AsyncToSync in the same thread as
# an async event loop" (seen when tests/browser/test_sso.py shared tests/test_sso.py's group).
