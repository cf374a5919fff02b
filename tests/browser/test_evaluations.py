"""Acceptance journey 1 of the evaluations in a real browser: the mentor fills in and signs a
midterm proposal; the teacher adds the decision and signs; the evaluation is locked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def test_midterm_proposal_decision_signatures_and_lock(new_context, demo_region, live_server):
    from evaluations.models import Evaluation
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    page = new_context().new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/")
    page.locator(f"form[action='/internships/{emma.pk}/evaluations/midterm/start/'] button").click()
    expect(page.locator("#evaluation-form")).to_be_visible()
    # Rate every indicator at level 3 (the third button of each row), write advice, save.
    for fieldset in page.locator("#evaluation-form fieldset.rate").all():
        fieldset.locator("label.seg-btn").nth(2).click()
    page.fill("#advice", "Een warme stagiair die mooi groeit.")
    page.locator("#evaluation-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.fill("#sign-password", "uniform-demo")
    page.locator("#signatures button[type=submit]").click()
    expect(page.locator("#signatures")).to_contain_text("An Vermeulen")

    teacher = new_context().new_page()
    log_in(teacher, live_server.url, "teacher@uniform.demo")
    evaluation = Evaluation.objects.get(internship=emma, kind="midterm")
    teacher.goto(live_server.url + f"/internships/{evaluation.internship_id}/evaluations/{evaluation.pk}/")
    expect(teacher.locator("main")).to_contain_text("Een warme stagiair die mooi groeit.")
    teacher.fill("#assessment", "Op schema voor de leerdoelen.")
    teacher.select_option("#decision", "sufficient")
    teacher.locator("#evaluation-form button[type=submit]").click()
    expect(teacher.locator(".alert-success")).to_be_visible()
    teacher.fill("#sign-password", "uniform-demo")
    teacher.locator("#signatures button[type=submit]").click()
    expect(teacher.locator("main")).to_contain_text("🔒")
    expect(teacher.locator("#evaluation-form button[type=submit]")).to_have_count(0)
    evaluation.refresh_from_db()
    emma.refresh_from_db()
    assert evaluation.is_locked and emma.status == "midterm_evaluated"


def test_a_mentor_who_logs_in_by_code_signs_with_a_code(new_context, demo_region, live_server, mailoutbox):
    """A mentor without a password (login by emailed code) on a phone: "Onderteken" mails a
    code; typing it in signs the evaluation and brings her back to it."""
    import re

    from evaluations.models import Evaluation
    from internships.models import Internship
    from tenancy.models import User
    from tests.browser.conftest import PHONE
    from tests.browser.test_journeys import wait_for_mail

    mentor = User.objects.get(email="mentor@uniform.demo")
    mentor.set_unusable_password()
    mentor.save(update_fields=["password"])
    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    page = new_context(viewport=PHONE).new_page()
    page.goto("/accounts/login/code/")
    page.locator("input[name=email]").fill(mentor.email)
    page.locator("input[name=email]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))
    page.locator("input[name=code]").fill(_code(wait_for_mail(mailoutbox, mentor.email)))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    mailoutbox.clear()

    page.goto(f"/internships/{emma.pk}/")
    page.locator(f"form[action='/internships/{emma.pk}/evaluations/midterm/start/'] button").click()
    for fieldset in page.locator("#evaluation-form fieldset.rate").all():
        fieldset.locator("label.seg-btn").nth(2).click()
    page.locator("#evaluation-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#sign-by-code")).to_contain_text(mentor.email)
    expect(page.locator("#sign-password")).to_have_count(0)
    page.locator("#signatures button[type=submit]").click()
    # allauth's reauthentication: send a code, type it in; the signing then goes through.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/code/"))
    expect(page.locator("#code-recipient")).to_have_text(f"We mailen een code naar {mentor.email}.")
    page.get_by_role("button", name="Stuur de code").click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/code/confirm/"))
    page.locator("input[name=code]").fill(_code(wait_for_mail(mailoutbox, mentor.email)))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"/evaluations/.+#signatures$"))
    expect(page.locator("#signatures")).to_contain_text("An Vermeulen")
    evaluation = Evaluation.objects.get(internship=emma, kind="midterm")
    assert evaluation.mentor_signed_by == mentor


def _code(message) -> str:
    import re

    codes = re.findall(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", message.body, re.MULTILINE)
    assert len(codes) == 1, message.body
    return codes[0]


def test_ratings_left_unsaved_are_offered_back(new_context, demo_region, live_server):
    """QA walkthrough: a mentor rated indicators on a phone, tapped "← intern" and lost them.
    Now the bar says "not yet saved", leaving asks first, and the next visit offers them back."""
    from evaluations.models import Evaluation
    from internships.models import Internship
    from tests.browser.conftest import PHONE

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    page = new_context(viewport=PHONE).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/")
    page.locator(f"form[action='/internships/{emma.pk}/evaluations/midterm/start/'] button").click()
    expect(page.locator("#evaluation-form")).to_be_visible()
    expect(page.locator("#unsaved-state")).to_be_hidden()
    rows = page.locator("#evaluation-form fieldset.rate")
    for i in range(3):
        rows.nth(i).locator("label.seg-btn").nth(2).click()
    expect(page.locator("#unsaved-state")).to_be_visible()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    page.get_by_role("link", name="← Emma Aerts").click()
    page.wait_for_url(f"{live_server.url}/internships/{emma.pk}/")
    assert dialogs == ["beforeunload"]
    evaluation = Evaluation.objects.get(internship=emma, kind="midterm")
    assert not evaluation.ratings.filter(level__isnull=False).exists()

    page.goto(live_server.url + f"/internships/{evaluation.internship_id}/evaluations/{evaluation.pk}/")
    banner = page.locator("#local-draft")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Terugzetten").click()
    expect(page.locator("#evaluation-form input.seg-input:checked:not([value=''])")).to_have_count(3)
    page.locator("#evaluation-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert evaluation.ratings.filter(level__isnull=False).count() == 3
    expect(page.locator("#local-draft")).to_be_hidden()
