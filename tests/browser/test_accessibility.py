"""Accessibility in a real browser (issue #20, ADR 0020).

* The crawl: each demo role logs in and follows the links of its pages (same-origin GET
  links, breadth first, bounded), and axe-core's WCAG 2.0–2.2 A/AA rules run on every distinct
  page (one URL per Django route, so /internships/<a>/ and /internships/<b>/ count once), at a
  desktop (1280 × 800) and a phone (390 × 844) width. A page added by anyone is checked as soon
  as some page links to it. The test fails on any violation, listing rule, element, page, role
  and width.
* Keyboard only: the mentor fills and submits a feedback sheet with Tab, Shift+Tab, arrows,
  Space and Enter; at every focus stop the focused element is on screen, not under the sticky
  save bar, and wears a visible focus indicator (WCAG 2.4.7, 2.4.11).
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.browser import axe
from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser

DESKTOP_AXE = {"width": 1280, "height": 800}
PHONE_AXE = PHONE  # 390 × 844

#: One login per role of the demo region (Limburg); None is the visitor who is not logged in.
ROLES = [
    None,
    "coordinator@uniform.demo",
    "schooladmin@uniform.demo",
    "teacher@uniform.demo",
    "childcare@uniform.demo",
    "coach@uniform.demo",
    "mentor@uniform.demo",
    "student@uniform.demo",
]
#: Bounds of the crawl, per role: pages checked and link depth from the start page.
MAX_PAGES = int(os.environ.get("UNIFORM_AXE_MAX_PAGES", "24"))
MAX_DEPTH = 3
#: Routes opened more than once, looking for another look of them (a draft, a read view).
LOOKS = {"feedback:sheet_detail": 3, "evaluations:evaluation_detail": 3}
#: Routes never followed: they log out, download a file, or are not the app's pages.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/health/", "/static/", "/media/", "/admin/", "/__")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip", ".ics", ".json", ".txt", ".png", ".svg")
#: A route is checked once, for the first role that reaches it (CI budget), except these,
#: whose content is each role's own: checked (and followed) for every role.
PER_ROLE = {"home", "internships:detail", "feedback:sheet_detail", "evaluations:evaluation_detail"}
SKIP_WORDS = ("logout", "download", "export_file", "pdf", "xlsx", "csv", "file", "certificate", "ics")


def _route(path: str) -> str | None:
    """The Django route a path resolves to ("internships:detail"), or None when it is not one."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name or match.route
    if any(word in name.lower() for word in SKIP_WORDS):
        return None
    return name


def _links(page: Page, origin: str) -> list[str]:
    hrefs = page.locator("a[href]:not([download])").evaluate_all("as => as.map(a => a.href)")
    out = []
    for href in hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.lower().endswith(SKIP_SUFFIXES):
            continue
        out.append(url)
    return out


def _check(page: Page, who: str, route: str, failures: list[str], totals: dict) -> None:
    for label, size in (("desktop", DESKTOP_AXE), ("phone", PHONE_AXE)):
        page.set_viewport_size(size)
        # Two frames: the page's resize handlers (js/uniform.js: scrolling tables) have run.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        t = time.monotonic()
        found = axe.violations(page)
        totals["axe_s"] += time.monotonic() - t
        totals["runs"] += 1
        totals["elements"] += axe.count(found)
        totals["rules"] += len(found)
        where = f"{who} · {route} · {page.url.removeprefix(totals['origin'])} · {label} {size['width']}×{size['height']}"
        failures.extend(axe.describe(found, where))
        if found and os.environ.get("UNIFORM_AXE_REPORT"):  # every element, for a baseline
            with open(os.environ["UNIFORM_AXE_REPORT"], "a", encoding="utf-8") as report:
                report.write(json.dumps({"where": where, "violations": found}) + "\n")
    page.set_viewport_size(DESKTOP_AXE)


def _crawl(page: Page, who: str, start: str, failures: list[str], totals: dict) -> list[str]:
    """Breadth first from ``start``; returns the page keys checked for ``who``."""
    origin = totals["origin"]
    loads: dict[str, int] = totals["loads"]
    queue: deque[tuple[str, int]] = deque([(origin + start, 0)])
    seen_urls: set[str] = set()
    checked: list[str] = []
    while queue and len(checked) < MAX_PAGES:
        url, depth = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        route = _route(urlsplit(url).path)
        if route is None:
            continue
        slot = f"{route}@{who}" if route in PER_ROLE else route
        if loads.get(slot, 0) >= LOOKS.get(route, 1):
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download, say
            if "Download is starting" in str(error):
                continue
            raise
        if response is not None and response.status >= 500:
            failures.append(f"{who} · {route} · {url.removeprefix(origin)}: answered {response.status}")
            continue
        if response is None or response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if urlsplit(page.url).path != urlsplit(url).path:  # redirected elsewhere: check that route when linked
            continue
        page.wait_for_load_state("load")
        loads[slot] = loads.get(slot, 0) + 1
        # One page per route and look: a draft sheet (body.sheet-page) is not its read view.
        variant = page.evaluate("document.body.className.trim()")
        key = f"{route}[{variant}]" if variant else route
        key_slot = f"{key}@{who}" if route in PER_ROLE else key
        if key_slot in totals["keys"]:
            continue
        totals["keys"].add(key_slot)
        _check(page, who, key, failures, totals)
        checked.append(key)
        if depth < MAX_DEPTH:
            for link in _links(page, origin):
                if link not in seen_urls:
                    queue.append((link, depth + 1))
    return checked


def test_every_role_s_pages_pass_axe_on_desktop_and_phone(new_context, demo_region, live_server):
    started = time.monotonic()
    totals = {"origin": live_server.url, "runs": 0, "elements": 0, "rules": 0, "axe_s": 0.0, "keys": set(), "loads": {}}
    failures: list[str] = []
    pages: dict[str, list[str]] = {}
    for email in ROLES:
        context = new_context(viewport=DESKTOP_AXE)
        page = context.new_page()
        who = email or "anonymous"
        if email:
            log_in(page, live_server.url, email)
            pages[who] = _crawl(page, who, "/", failures, totals)
            if email.startswith("mentor") and "feedback:sheet_detail[sheet-page]" not in pages[who]:
                # The sheet being filled in opens from a form (POST), not a link.
                page.goto("/")
                page.locator("form[action$='/feedback/new/'] button").first.click()
                page.locator("#sheet-form").wait_for()
                page.wait_for_load_state("load")
                _check(page, who, "feedback:sheet_detail[sheet-page]", failures, totals)
                pages[who].append("feedback:sheet_detail[sheet-page]")
        else:
            pages[who] = _crawl(page, who, "/accounts/login/", failures, totals)
            pages[who] += _crawl(page, who, "/accessibility/", failures, totals)
        context.close()
    elapsed = time.monotonic() - started
    checked = sum(len(routes) for routes in pages.values())
    distinct = len({route for routes in pages.values() for route in routes})
    summary = (
        f"axe-core {axe.VERSION}: {checked} pages ({distinct} distinct) × 2 widths = {totals['runs']} runs "
        f"for {len(ROLES)} roles in {elapsed:.1f} s (axe {totals['axe_s']:.1f} s); {totals['rules']} rule violations on {totals['elements']} elements"
    )
    print("\n" + summary)
    for who, routes in pages.items():
        print(f"  {who}: {len(routes)} — {', '.join(routes)}")
    assert distinct >= 40, f"the crawl reached too few pages: {pages}"
    assert not failures, summary + "\n" + "\n".join(failures)


# ---------------------------------------------------------------------------- keyboard only
#: Where focus is and whether it can be seen: the element's visible box (a level's hidden radio
#: shows as its label), inside the viewport, clear of the fixed save bar, with an outline or a
#: box-shadow. Returns a description of what is wrong, or "" when all is well.
FOCUS_PROBLEM = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has focus";
  const shown = el.matches("input.seg-input") ? el.nextElementSibling : el;
  const r = shown.getBoundingClientRect();
  const name = el.id ? "#" + el.id : el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "")
    + " '" + (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40) + "'";
  const problems = [];
  if (r.width === 0 || r.height === 0) problems.push("has no box");
  if (r.top < -1 || r.bottom > window.innerHeight + 1 || r.left < -1 || r.right > window.innerWidth + 1)
    problems.push(`is (partly) off screen: ${Math.round(r.top)}..${Math.round(r.bottom)} of ${window.innerHeight}`);
  const bar = document.querySelector(".sticky-bar");
  if (bar && !bar.contains(el) && !el.closest("dialog")) {
    const b = bar.getBoundingClientRect();
    if (r.bottom > b.top + 0.5 && r.top < b.bottom) problems.push(`is under the save bar: ${Math.round(r.top)}..${Math.round(r.bottom)}, bar from ${Math.round(b.top)}`);
  }
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  if (!outline && !shadow) problems.push(`shows no focus indicator (outline ${style.outlineStyle} ${style.outlineWidth}, box-shadow ${style.boxShadow})`);
  return problems.length ? name + " " + problems.join("; ") : "";
}"""


#: Resolves once the page has not scrolled for three frames (at most a second).
SCROLL_SETTLED = """() => new Promise(resolve => {
  let last = -1, still = 0, frames = 0;
  const tick = () => {
    const now = window.scrollY;
    still = now === last ? still + 1 : 0; last = now; frames++;
    if (still >= 3 || frames > 60) resolve(); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""


def test_mentor_fills_and_submits_a_sheet_with_the_keyboard_only(new_context, demo_region, live_server):
    from evaluations.models import FeedbackSheet
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    FeedbackSheet.objects.filter(internship=emma, status="draft").delete()
    page = new_context(viewport=PHONE_AXE).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    problems: list[str] = []
    stops = 0

    def press(key: str) -> str:
        """Press a key, then check the focus stop; returns the focused element's id or tag."""
        nonlocal stops
        page.keyboard.press(key)
        page.evaluate(SCROLL_SETTLED)  # Bootstrap scrolls smoothly to what gets focus
        stops += 1
        problem = page.evaluate(FOCUS_PROBLEM)
        if problem:
            problems.append(f"after {key} (stop {stops}, {page.url.removeprefix(live_server.url)}): {problem}")
        return page.evaluate("document.activeElement.id || document.activeElement.getAttribute('name') || document.activeElement.tagName")

    def tab_until(selector: str, key: str = "Tab", limit: int = 60) -> None:
        for _ in range(limit):
            press(key)
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} not reached with {key} in {limit} presses; focus problems: {problems}")

    # On the home page: Tab to Emma's "new feedback sheet" button and press Enter.
    tab_until(f"form[action='/internships/{emma.pk}/feedback/new/'] button")
    page.keyboard.press("Enter")
    page.locator("#sheet-form").wait_for()
    page.wait_for_load_state("load")
    sheet = FeedbackSheet.objects.get(internship=emma, status="draft")

    # The whole closed sheet, down to the footer's language switch, and back up.
    tab_until("#language-select")
    tab_until("#sheet-form details.sheet-cluster:first-of-type > summary", key="Shift+Tab")

    # Open the first cluster (Enter), choose a level with the arrow keys, open the remark (Space), type.
    press("Enter")
    assert page.evaluate("document.querySelector('details.sheet-cluster').open")
    press("Tab")  # the first indicator's levels: focus is on the chosen one ("not observed")
    assert page.evaluate("document.activeElement.matches('input.seg-input[value=\"\"]')")
    press("ArrowLeft")
    press("ArrowLeft")  # two levels down from "not observed": the second-highest level
    first_level = page.evaluate("document.activeElement.value")
    tab_until("details.remark > summary")
    press("Space")
    press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("Begroet elk kind bij naam.")
    press("Tab")  # the second indicator's levels
    press("ArrowRight")  # from "not observed" round to level 1
    second_level = page.evaluate("document.activeElement.value")
    press("Shift+Tab")  # back to the remark, and forward again
    press("Tab")
    expect(page.locator("#sheet-rated-count")).to_contain_text("2 gedragsindicatoren beoordeeld")

    tab_until("#strengths")
    page.keyboard.type("Rustig en warm bij het onthaal.")
    tab_until("[data-asks]")
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    press("Enter")  # "Indienen" asks once; the dialog's answer has focus
    expect(page.locator("dialog#submit-dialog")).to_be_visible()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Enter")  # "Delen": the sheet is shared, the page goes
    expect(page.locator(".alert-success")).to_be_visible()

    sheet.refresh_from_db()
    assert sheet.status == "shared"
    assert sheet.strengths == "Rustig en warm bij het onthaal."
    ratings = {str(r.level_id): r.remark for r in sheet.ratings.all()}
    assert ratings == {first_level: "Begroet elk kind bij naam.", second_level: ""}, ratings
    assert stops >= 30, f"only {stops} focus stops checked"
    assert not problems, f"{len(problems)} of {stops} focus stops not plainly visible:\n" + "\n".join(problems)
