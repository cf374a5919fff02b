"""Issue 20, acceptance 3: the app on the work floor without a connection (ADR 0025).

With the connection cut by the browser (Playwright's offline mode), the mentor opens the app's
home and a draft sheet from what the service worker kept, rates, and when the connection is
back the ratings reach the server; the same for a day of hours and for an activity, kept in
the outbox meanwhile and shown as not sent. Logging out deletes what the device kept."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in

KEPT = "caches.open('uniform-pages').then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))"


def _emma():
    from internships.models import Internship

    return Internship.objects.get(student__user__email="student@uniform.demo")


def _wait_kept(page, paths, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kept = set(page.evaluate(KEPT))
        if set(paths) <= kept:
            return kept
        page.wait_for_timeout(250)
    raise AssertionError(f"not kept on the device: {set(paths) - kept} (kept: {sorted(kept)})")


def _phone_with_app(new_context, live_server):
    from evaluations.feedback.services import sheet_start
    from tenancy.models import User

    emma = _emma()
    mentor = User.objects.get(email="mentor@uniform.demo")
    draft = sheet_start(internship=emma, by=mentor)
    context = new_context(viewport=PHONE, has_touch=True, is_mobile=True, service_workers="allow")
    page = context.new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(live_server.url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The first visit installs the worker; the next one is served through it and asks it to keep
    # the interns' pages and the open drafts.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    hub = f"/internships/{emma.pk}/"
    sheet = f"/internships/{emma.pk}/feedback/{draft.pk}/"
    _wait_kept(page, ["/", hub, sheet])
    return context, page, emma, draft, hub, sheet


def test_offline_the_mentor_opens_home_and_a_draft_rates_and_the_ratings_arrive(new_context, demo_region, live_server):
    from evaluations.models import FeedbackRating

    context, page, emma, draft, hub, sheet = _phone_with_app(new_context, live_server)
    before = FeedbackRating.objects.filter(sheet=draft, level__isnull=False).count()

    context.set_offline(True)
    page.goto(live_server.url + "/")
    expect(page.locator("#offline-status")).to_contain_text("Geen verbinding")
    # "Continue feedback sheet" is a form (POST) online; offline it opens the kept draft.
    page.locator(f"form[action='/internships/{emma.pk}/feedback/new/'] button").click()
    page.wait_for_url(f"**{sheet}")
    expect(page.locator("#sheet-form")).to_be_visible()
    page.wait_for_load_state("load")
    page.locator("details.sheet-cluster").first.locator(":scope > summary").click()
    page.locator("fieldset.rate").first.locator("label.seg-btn").nth(2).click()
    expect(page.locator("#save-state")).to_contain_text("Niet bewaard", timeout=10_000)
    expect(page.locator("#offline-status")).to_contain_text("nog niet verstuurd")
    assert FeedbackRating.objects.filter(sheet=draft, level__isnull=False).count() == before

    context.set_offline(False)
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=20_000)
    assert FeedbackRating.objects.filter(sheet=draft, level__isnull=False).count() == before + 1


def test_offline_hours_wait_on_the_device_and_are_sent_when_the_connection_is_back(new_context, demo_region, live_server):
    from internships.models import HourEntry

    context, page, emma, draft, hub, sheet = _phone_with_app(new_context, live_server)
    day = emma.start_date.replace(day=min(emma.start_date.day, 28))
    HourEntry.objects.filter(internship=emma, date=day).delete()

    context.set_offline(True)
    page.goto(live_server.url + hub)
    expect(page.locator("#offline-status")).to_contain_text("Geen verbinding")
    form = page.locator(f"form[action='/internships/{emma.pk}/hours/add/']")
    form.locator("input[name=date]").fill(day.isoformat())
    form.locator("input[name=hours]").fill("7.5")
    form.locator("button[type=submit]").click()
    status = page.locator("#offline-status")
    expect(status).to_contain_text("1 wijziging nog niet verstuurd")
    expect(status).to_contain_text(day.isoformat())
    assert not HourEntry.objects.filter(internship=emma, date=day).exists()

    context.set_offline(False)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not HourEntry.objects.filter(internship=emma, date=day).exists():
        page.wait_for_timeout(250)
    entry = HourEntry.objects.get(internship=emma, date=day)
    assert float(entry.hours) == 7.5
    page.wait_for_load_state("load")
    expect(page.locator("#offline-status")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('uniform:outbox')") is None


def test_offline_an_activity_waits_on_the_device_and_is_sent_when_the_connection_is_back(new_context, demo_region, live_server):
    from evaluations.activities.models import ActivityEntry

    context, page, emma, draft, hub, sheet = _phone_with_app(new_context, live_server)
    activities = f"/internships/{emma.pk}/activities/"
    # The hub asks the worker to keep its activity list.
    page.goto(live_server.url + hub)
    _wait_kept(page, [activities])
    before = ActivityEntry.objects.filter(internship=emma).count()

    context.set_offline(True)
    page.goto(live_server.url + activities)
    expect(page.locator("#offline-status")).to_contain_text("Geen verbinding")
    form = page.locator(f"form[action='/internships/{emma.pk}/activities/add/']")
    choice = form.locator("select[name=activity] option").nth(1)
    title = choice.text_content().strip()
    form.locator("select[name=activity]").select_option(choice.get_attribute("value"))
    form.locator("label[for=level-independent], fieldset label.btn").first.click()
    form.locator("button[type=submit]").click()
    status = page.locator("#offline-status")
    expect(status).to_contain_text("1 wijziging nog niet verstuurd")
    expect(status).to_contain_text(title)
    assert ActivityEntry.objects.filter(internship=emma).count() == before

    context.set_offline(False)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and ActivityEntry.objects.filter(internship=emma).count() == before:
        page.wait_for_timeout(250)
    assert ActivityEntry.objects.filter(internship=emma).count() == before + 1
    page.wait_for_load_state("load")
    expect(page.locator("#offline-status")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('uniform:outbox')") is None


def test_logging_out_deletes_the_pages_the_device_kept(new_context, demo_region, live_server):
    context, page, emma, draft, hub, sheet = _phone_with_app(new_context, live_server)
    page.goto(live_server.url + "/")
    # The menu's own "Log out" (its form's submit event, as a tap sends it), without the
    # animations of the phone menu in the way.
    page.locator("form[data-logout]").evaluate("form => form.requestSubmit()")
    page.wait_for_url("**/accounts/login/**", timeout=30_000)
    # (caches.open would create the cache again: ask whether it exists)
    page.wait_for_function("caches.has('uniform-pages').then(kept => !kept)")
    assert page.evaluate("caches.has('uniform-pages')") is False
    assert page.evaluate("localStorage.getItem('uniform:outbox')") is None
