"""Tables with buttons stay readable where space is short: nothing is cut off at the right of
its table (QA walkthrough). The childcare site page at 1366 px, where the capacity periods and
the staff sit in the narrow column; the internship page on a phone (documents and hours)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}

CLIPPED = """() => [...document.querySelectorAll('main .table-responsive')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => `${box.querySelector('table').className}: ${box.scrollWidth} > ${box.clientWidth}`)"""


def test_site_page_tables_fit_their_column_at_1366(new_context, demo_region, live_server):
    from childcare.models import Site

    site = Site.objects.get(name="KDV 't Nestje")
    page = new_context(viewport=LAPTOP).new_page()
    log_in(page, live_server.url, "childcare@uniform.demo")
    page.goto(f"{live_server.url}/childcare/sites/{site.pk}/")
    expect(page.locator(".staff-table")).to_be_visible()
    assert page.evaluate(CLIPPED) == []
    # Edit and Delete of each capacity period, Deactivate of each person: inside their card.
    for section, expected in (("#capacity", {"Bewerken", "Verwijderen"}), ("#staff", {"Deactiveren"})):
        card = page.locator(section).bounding_box()
        buttons = page.locator(f"{section} table .btn").all()
        assert expected <= {b.inner_text().split()[0] for b in buttons}, section
        for button in buttons:
            box = button.bounding_box()
            assert box["x"] + box["width"] <= card["x"] + card["width"], (section, button.inner_text())


def test_internship_page_documents_and_hours_fit_a_phone(new_context, demo_region, live_server):
    from schools.models import Student

    internship = Student.objects.get(user__email="student@uniform.demo").internships.get()
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(f"{live_server.url}/internships/{internship.pk}/#hours")
    expect(page.locator(".hours-table")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(CLIPPED) == []
    buttons = [b for b in page.locator(".hours-table .btn, .documents-table .btn").all() if b.is_visible()]
    assert {"Bevestigen", "Afwijzen…", "Bewaren"} <= {b.inner_text().strip() for b in buttons}
    # "Afwijzen…" opens the reason's field and its button under the day: they fit the phone too.
    page.locator(".hours-table details.hours-reject summary").first.click()
    reject = page.locator(".hours-table details.hours-reject[open]").first
    expect(reject.locator("input[name=reason]")).to_be_visible()
    buttons.append(reject.locator("button[value=reject]"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for button in buttons:
        box = button.bounding_box()
        assert box and box["x"] + box["width"] <= PHONE["width"], button.inner_text()
