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


def _open_midterm(page, live_server):
    from evaluations.models import Evaluation
    from internships.models import Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/")
    page.locator(f"form[action='/internships/{emma.pk}/evaluations/midterm/start/'] button").click()
    expect(page.locator("#evaluation-form")).to_be_visible()
    page.wait_for_load_state("load")  # the deferred scripts (autosave) run
    return Evaluation.objects.get(internship=emma, kind="midterm")


def test_ratings_left_unsaved_are_offered_back(new_context, demo_region, live_server):
    """QA walkthrough: a mentor rated indicators on a phone, tapped "← intern" and lost them.
    Now they are saved by themselves; when that cannot (no connection) the bar says so, leaving
    asks first, and the next visit offers them back."""
    from tests.browser.conftest import PHONE

    context = new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    evaluation = _open_midterm(page, live_server)
    expect(page.locator("#save-state")).to_contain_text("Bewaart vanzelf")
    context.set_offline(True)
    rows = page.locator("#evaluation-form fieldset.rate")
    for i in range(3):
        rows.nth(i).locator("label.seg-btn").nth(2).click()
    expect(page.locator("#save-state")).to_contain_text("Niet bewaard", timeout=10_000)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    page.close(run_before_unload=True)  # the tab is closed (or the phone locks) before the connection is back
    page.wait_for_event("close")
    assert dialogs == ["beforeunload"]
    assert not evaluation.ratings.filter(level__isnull=False).exists()
    context.set_offline(False)

    page = context.new_page()
    page.goto(live_server.url + f"/internships/{evaluation.internship_id}/evaluations/{evaluation.pk}/")
    banner = page.locator("#local-draft")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Terugzetten").click()
    expect(page.locator("#evaluation-form input.seg-input:checked:not([value=''])")).to_have_count(3)
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    assert evaluation.ratings.filter(level__isnull=False).count() == 3
    page.reload()
    expect(page.locator("#local-draft")).to_be_hidden()


def test_an_evaluation_saves_by_itself_and_a_conflict_keeps_the_typed_text(new_context, demo_region, live_server):
    """Issue #13: a stale save of an evaluation showed 409 and the advice was gone. Now it
    autosaves like the feedback sheet; a save that meets somebody else's shows their text beside
    one's own, which stays; "keep my version" is a deliberate choice."""
    first = new_context().new_page()
    log_in(first, live_server.url, "mentor@uniform.demo")
    evaluation = _open_midterm(first, live_server)
    second = first.context.new_page()  # the same mentor, a second tab (or her tablet)
    second.goto(live_server.url + f"/internships/{evaluation.internship_id}/evaluations/{evaluation.pk}/")
    second.wait_for_load_state("load")

    first.fill("#advice", "Advies uit het eerste tabblad")
    expect(first.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Advies uit het eerste tabblad"

    second.fill("#advice", "Advies uit het tweede tabblad")
    conflict = second.locator("#save-state .alert-danger")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Advies uit het eerste tabblad")
    expect(second.locator("#advice")).to_have_value("Advies uit het tweede tabblad")
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Advies uit het eerste tabblad"
    stored = second.evaluate(f"localStorage.getItem('uniform:evaluation:{evaluation.pk}')")
    assert stored and "tweede tabblad" in stored  # and on this device until it is saved

    conflict.get_by_role("button", name="Mijn versie bewaren").click()
    expect(second.locator(".alert-success")).to_be_visible()
    expect(second.locator("#advice")).to_have_value("Advies uit het tweede tabblad")
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Advies uit het tweede tabblad"


@pytest.mark.parametrize("wait_ms", [100, 1000], ids=["while-the-autosave-waits", "while-the-autosave-is-in-flight"])
def test_signing_right_after_a_change_on_a_slow_phone_signs_what_was_saved(new_context, demo_region, live_server, slow_saves, wait_ms):
    """The signature waits for the save of the last change, then signs the revision it made."""
    from tests.browser.conftest import throttled_phone

    page = throttled_phone(new_context)
    log_in(page, live_server.url, "mentor@uniform.demo")
    evaluation = _open_midterm(page, live_server)
    statuses = []
    page.on("response", lambda r: statuses.append((r.status, r.url)) if "/evaluations/" in r.url else None)
    page.locator("#evaluation-form fieldset.rate").first.locator("label.seg-btn").nth(2).click()
    page.fill("#advice", "Groeit mooi in het contact met de ouders.")
    page.wait_for_timeout(wait_ms)
    page.fill("#sign-password", "uniform-demo")
    page.locator("#signatures button[type=submit]").click()
    expect(page.locator("#signatures")).to_contain_text("An Vermeulen", timeout=15_000)
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is not None
    assert evaluation.mentor_advice == "Groeit mooi in het contact met de ouders."
    assert evaluation.ratings.filter(level__isnull=False).count() == 1
    assert not [s for s in statuses if s[0] >= 400]
