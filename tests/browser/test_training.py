"""Training journey 1 in a real browser: the coordinator creates and publishes a course with
capacity 2; the mentor and the teacher register, mentor2 lands on the waiting list; the teacher
cancels and mentor2 moves up and gets an email."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def _register(page, live_server, email, course_url):
    page.context.clear_cookies()
    log_in(page, live_server.url, email)
    page.goto(live_server.url + course_url)
    page.locator("main form button[name=self]").click()
    expect(page.locator(".own-status")).to_be_visible()


def test_coordinator_course_waiting_list_moves_up(page, live_server):
    from training.models import Course

    log_in(page, live_server.url, "coordinator@uniform.demo")
    page.goto(live_server.url + "/training/")
    page.locator("a[href='/training/new/']").click()
    # The form comes prefilled: three half-days, 16 places.
    expect(page.locator("input[name=capacity]")).to_have_value("16")
    expect(page.locator("input[name=session_2_date]")).not_to_have_value("")
    page.fill("input[name=title]", "Mentoropleiding browser")
    page.fill("input[name=location]", "Hasselt")
    page.fill("input[name=capacity]", "2")
    page.locator("main form.course-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.locator("main form[action$='/publish/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    course = Course.objects.get(title="Mentoropleiding browser")
    assert course.is_published and course.sessions.count() == 3 and course.capacity == 2
    course_url = f"/training/{course.pk}/"

    _register(page, live_server, "mentor@uniform.demo", course_url)
    assert course.registrations.get(user__email="mentor@uniform.demo").status == "confirmed"
    _register(page, live_server, "teacher@uniform.demo", course_url)
    _register(page, live_server, "mentor2@uniform.demo", course_url)
    assert course.registrations.get(user__email="mentor2@uniform.demo").status == "waiting"

    mail.outbox.clear()
    page.context.clear_cookies()
    log_in(page, live_server.url, "teacher@uniform.demo")
    page.goto(live_server.url + course_url)
    page.locator("main form[action*='/cancel/'] button").first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert course.registrations.get(user__email="mentor2@uniform.demo").status == "confirmed"
    # mentor2 is told (issue #15: a notification, mailed in the mentor's daily digest by default).
    from notifications.models import Notification

    told = Notification.objects.filter(kind="training_place_freed", link__contains=course_url.rstrip("/"))
    assert [n.recipient.email for n in told] == ["mentor2@uniform.demo"]

    # The coordinator sees the mix: one from a school cancelled, two from the work floor.
    page.context.clear_cookies()
    log_in(page, live_server.url, "coordinator@uniform.demo")
    page.goto(live_server.url + course_url)
    expect(page.locator(".mix")).to_contain_text("2 (100%)")


def test_completed_course_on_a_phone_fits_and_offers_only_the_certificate(new_context, demo_region, live_server):
    """The demo mentor completed the demo's past course. On a 390 px phone the course page does
    not scroll sideways, the certificate is on screen, and there is no Cancel or Register (both
    would only be refused)."""
    from demo.training import COMPLETED_TITLE
    from training.models import Course

    course = Course.objects.get(network__slug="limburg", title=COMPLETED_TITLE)
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(f"{live_server.url}/training/{course.pk}/")
    expect(page.locator(".own-status")).to_be_visible()
    # A mobile browser widens its viewport to the page, so compare with the phone's width.
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the course page scrolls sideways: {width} px on a {PHONE['width']} px phone"
    certificates = page.locator("main a[href$='/certificate.pdf']")
    expect(certificates).to_have_count(2)  # in the registration card and in the list
    for i in range(2):
        box = certificates.nth(i).bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box
    expect(page.locator("main form[action*='/cancel/']")).to_have_count(0)
    expect(page.locator("main form[action$='/register/']")).to_have_count(0)
