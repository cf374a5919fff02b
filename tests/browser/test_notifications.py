"""Acceptance 2 of issue #15 in a real browser: the mentor submits a sheet; the teacher's bell
shows 1, the list links to the sheet; the mail links to it too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_feedback import _open_new_sheet, _submit
from tests.browser.test_journeys import log_in, wait_for_mail

pytestmark = pytest.mark.browser


def test_the_mentor_shares_a_sheet_the_teachers_bell_and_mail_lead_to_it(new_context, demo_region, live_server, mailoutbox):
    from notifications.models import Notification

    Notification.objects.filter(recipient__email="teacher@uniform.demo").delete()
    mentor = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(mentor, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(mentor, live_server)
    mentor.fill("#strengths", "Rustig en warm bij het onthaal.")
    expect(mentor.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    _submit(mentor, "Delen")
    expect(mentor.locator(".alert-success")).to_be_visible()
    path = f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/"

    message = wait_for_mail(mailoutbox, "teacher@uniform.demo")
    assert path in message.body and path in message.alternatives[0][0]
    assert "List-Unsubscribe" in message.extra_headers

    teacher = new_context(viewport=DESKTOP).new_page()
    log_in(teacher, live_server.url, "teacher@uniform.demo")
    bell = teacher.get_by_role("link", name=re.compile(r"Meldingen, 1 ongelezen"))
    expect(bell).to_be_visible()
    expect(bell.locator(".bell-count")).to_have_text("1")
    bell.click()
    teacher.get_by_role("button", name="Nieuw feedbackblad voor Emma Aerts", exact=True).click()
    teacher.wait_for_url(f"{live_server.url}{path}")
    expect(teacher.get_by_role("link", name=re.compile(r"Meldingen, 0 ongelezen"))).to_be_visible()
