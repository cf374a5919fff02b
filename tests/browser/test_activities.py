"""The activity list on a phone: the student proposes an activity, the mentor confirms it with
one tap (at a corrected level); no sideways scrolling at 390 and 360 px; keyboard usable."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page, what):
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{what} scrolls sideways: scrollWidth {width} > {inner}"


def test_student_proposes_and_mentor_confirms_with_one_tap_on_a_phone(new_context, demo_region, live_server):
    from demo.activities import seed_activities
    from evaluations.activities.selectors import activity_overview
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    seed_activities(emma)
    activity = next(r.activity for r in activity_overview(emma).never_done if not r.entries)
    url = f"/internships/{emma.pk}/activities/"

    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(page, live_server.url, "student@uniform.demo")
    page.goto(live_server.url + url)
    expect(page.locator(f"#activity-{activity.pk} .never-done-badge")).to_be_visible()
    _no_sideways_scroll(page, "the activity list")

    # Propose: every field has a label; the level is a big radio button.
    page.select_option("select[name=activity]", str(activity.pk))
    page.fill("input[name=date]", timezone.localdate().isoformat())
    level = page.locator("label[for=level-observed]")
    box = level.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 100
    level.click()
    page.fill("textarea[name=note]", "Eerste keer meegekeken")
    page.locator("#add button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    entry = emma.activity_entries.get(activity=activity)
    assert entry.status == "proposed"
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("Eerste keer meegekeken")

    # The mentor: one tap confirms it, here "as done with help".
    page.context.clear_cookies()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(live_server.url + url + f"#activity-{activity.pk}")
    _no_sideways_scroll(page, "the mentor's activity list")
    tap = page.locator(f"#entry-{entry.pk} button[name=level][value=with_help]")
    assert tap.bounding_box()["height"] >= 44
    tap.tap()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#activity-{activity.pk} .never-done-badge")).to_have_count(0)
    expect(page.locator(f"#activity-{activity.pk} [data-best=with_help]")).to_be_visible()
    entry.refresh_from_db()
    assert (entry.status, entry.level) == ("confirmed", "with_help")

    # At 360 px, still no sideways scrolling.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    _no_sideways_scroll(page, "the activity list at 360 px")


def test_the_form_works_with_the_keyboard(page, live_server):
    from evaluations.activities.selectors import activity_overview
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    activity = activity_overview(emma).rows[0].activity
    log_in(page, live_server.url, "student@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/activities/")
    page.focus("select[name=activity]")
    page.select_option("select[name=activity]", str(activity.pk))
    for _ in range(6):  # through the date's parts to the first level
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "level":
            break
    expect(page.locator("#level-observed")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#level-observed")).to_be_checked()
    page.keyboard.press("ArrowRight")  # next level, checked by the arrow key
    expect(page.locator("#level-with_help")).to_be_checked()
    page.locator("textarea[name=note]").focus()
    page.keyboard.type("Met toetsenbord")
    page.locator("#add button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_be_visible()
    assert emma.activity_entries.get(note="Met toetsenbord").level == "with_help"
