"""Feedback sheet journeys on a phone (390 × 844) in a real browser: the mentor rates, is
autosaved, reloads, submits; the student reflects; the teacher sees both. Two tabs on one
draft conflict without losing text. With coach review the sheet waits for the coach."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, throttled_phone
from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def _emma():
    from internships.models import Internship

    return Internship.objects.get(student__user__email="student@uniform.demo")


def _open_new_sheet(page, live_server):
    """From the mentor's home: tap 'new feedback sheet' on Emma's card (starts a fresh one)."""
    from evaluations.models import FeedbackSheet

    emma = _emma()
    FeedbackSheet.objects.filter(internship=emma, status="draft").delete()
    page.goto(live_server.url + "/")
    page.locator(f"form[action='/internships/{emma.pk}/feedback/new/'] button").click()
    expect(page.locator("#sheet-form")).to_be_visible()
    # The form shows before its deferred scripts have run (htmx, autosave, the local copy): a
    # change typed in between triggers nothing, so wait until the page has loaded.
    page.wait_for_load_state("load")
    return FeedbackSheet.objects.get(internship=emma, status="draft")


def _submit(page, answer):
    """Tap "Indienen" and answer the one question it asks."""
    page.get_by_role("button", name="Indienen").click()
    page.locator("dialog#submit-dialog").get_by_role("button", name=answer).click()


def test_mentor_rates_on_a_phone_reloads_submits_student_reflects_teacher_sees(new_context, demo_region, live_server):
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Rate 8 indicators: open the first two clusters, tap a level for four indicators in each.
    clusters = page.locator("details.sheet-cluster")
    rated = 0
    for c in range(2):
        clusters.nth(c).locator(":scope > summary").click()
        fieldsets = clusters.nth(c).locator("fieldset.rate")
        for i in range(4):
            fieldsets.nth(i).locator("label.seg-btn").nth(i % 4).click()
            rated += 1
    expect(page.locator("#sheet-rated-count")).to_contain_text(f"{rated} gedragsindicatoren beoordeeld")
    page.fill("#work_points", "Kondig overgangsmomenten vooraf aan.")
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    # Tapping a chosen level again clears it; tap it once more to choose it again.
    first = clusters.nth(0).locator("fieldset.rate").nth(0).locator("label.seg-btn").nth(0)
    first.click()
    first.click()
    expect(page.locator("#save-state")).to_contain_text("✓")
    page.wait_for_timeout(1200)  # let the last autosave land

    # Reload mid-way: nothing lost.
    page.reload()
    expect(page.locator("#work_points")).to_have_value("Kondig overgangsmomenten vooraf aan.")
    assert page.locator("input.seg-input:checked:not([value=''])").count() == rated
    sheet.refresh_from_db()
    assert sheet.ratings.count() == rated

    _submit(page, "Delen")
    expect(page.locator(".alert-success")).to_be_visible()
    sheet.refresh_from_db()
    assert sheet.status == "shared"

    # The student reads it and reflects.
    student = new_context(viewport=PHONE).new_page()
    log_in(student, live_server.url, "student@uniform.demo")
    student.goto(live_server.url + f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/")
    expect(student.locator("main")).to_contain_text("Kondig overgangsmomenten vooraf aan.")
    student.fill("#reflection-text", "Ik kondig het opruimen voortaan vijf minuten vooraf aan.")
    student.locator("#reflection button[type=submit]").click()
    expect(student.locator("#reflection")).to_contain_text("vijf minuten vooraf")

    # The teacher sees the sheet and the reflection on the internship's timeline.
    teacher = new_context().new_page()
    log_in(teacher, live_server.url, "teacher@uniform.demo")
    teacher.goto(live_server.url + f"/internships/{_emma().pk}/")
    link = teacher.locator(f"#feedback a[href='/internships/{sheet.internship_id}/feedback/{sheet.pk}/']")
    expect(link).to_be_visible()
    link.click()
    expect(teacher.locator("#reflection")).to_contain_text("vijf minuten vooraf")


def test_two_tabs_on_one_draft_conflict_and_lose_nothing(new_context, demo_region, live_server):
    first = new_context(viewport=PHONE).new_page()
    log_in(first, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(first, live_server)
    second = first.context.new_page()  # same person, second tab
    second.goto(live_server.url + f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/")

    first.fill("#strengths", "Tekst uit het eerste tabblad")
    expect(first.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    second.fill("#strengths", "Tekst uit het tweede tabblad")
    conflict = second.locator("#save-state .alert-danger")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Tekst uit het eerste tabblad")
    expect(second.locator("#strengths")).to_have_value("Tekst uit het tweede tabblad")
    sheet.refresh_from_db()
    assert sheet.strengths == "Tekst uit het eerste tabblad"
    # Keep my version: a deliberate choice.
    conflict.locator("button[name=overwrite]").click()
    expect(second.locator("#strengths")).to_have_value("Tekst uit het tweede tabblad")
    sheet.refresh_from_db()
    assert sheet.strengths == "Tekst uit het tweede tabblad"


def test_with_coach_review_the_student_sees_it_only_after_approval(new_context, demo_region, live_server):
    from childcare.models import Site

    emma = _emma()
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    page = new_context(viewport=PHONE).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    page.locator("details.sheet-cluster").first.locator(":scope > summary").click()
    page.locator("fieldset.rate").first.locator("label.seg-btn").nth(2).click()
    page.fill("#strengths", "Rustige aanpak bij het slaapmoment")
    _submit(page, "Naar de coach sturen")
    expect(page.locator(".alert-success")).to_be_visible()

    student = new_context().new_page()
    log_in(student, live_server.url, "student@uniform.demo")
    response = student.goto(live_server.url + f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/")
    assert response.status == 404

    coach = new_context().new_page()
    log_in(coach, live_server.url, "coach@uniform.demo")
    coach.locator("a[href='/feedback/review/']").click()
    coach.locator(f"a[href='/internships/{sheet.internship_id}/feedback/{sheet.pk}/']").click()
    coach.fill("#comment", "Fijn geformuleerd.")
    coach.locator("button[name=decision][value=approve]").click()
    expect(coach.locator(".alert-success")).to_be_visible()

    student.goto(live_server.url + f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/")
    expect(student.locator("main")).to_contain_text("Rustige aanpak bij het slaapmoment")
    expect(student.locator("main")).not_to_contain_text("Fijn geformuleerd.")


def test_the_connection_drops_while_the_mentor_types(new_context, demo_region, live_server):
    """screens.md: nothing lost when the phone locks. Offline, the autosave says it did not
    save and keeps the text on the phone; back online it saves by itself."""
    context = new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    context.set_offline(True)
    page.fill("#strengths", "Rustig bij het onthaal, ook met een huilende peuter.")
    expect(page.locator("#save-state")).to_contain_text("Niet bewaard", timeout=10_000)
    stored = page.evaluate(f"localStorage.getItem('uniform:sheet:{sheet.pk}')")
    assert stored and "huilende peuter" in stored
    sheet.refresh_from_db()
    assert sheet.strengths == ""
    context.set_offline(False)
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=20_000)
    sheet.refresh_from_db()
    assert sheet.strengths == "Rustig bij het onthaal, ook met een huilende peuter."
    page.wait_for_function(f"localStorage.getItem('uniform:sheet:{sheet.pk}') === null")


def test_changes_left_on_the_phone_are_offered_on_the_next_visit(new_context, demo_region, live_server):
    """The tab was closed (or the phone locked) before the text reached the server: the next
    visit offers it back; put back, it is saved. Had somebody saved the sheet meanwhile, the
    restored copy conflicts instead of overwriting their text."""
    from evaluations.models import FeedbackSheet

    context = new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    context.set_offline(True)
    page.fill("#agreements", "Volgende week het fruitmoment begeleiden.")
    expect(page.locator("#save-state")).to_contain_text("Niet bewaard", timeout=10_000)
    page.close()
    context.set_offline(False)

    page = context.new_page()
    page.goto(live_server.url + f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/")
    banner = page.locator("#local-draft")
    expect(banner).to_be_visible()
    expect(page.locator("#agreements")).to_have_value("")
    banner.get_by_role("button", name="Terugzetten").click()
    expect(page.locator("#agreements")).to_have_value("Volgende week het fruitmoment begeleiden.")
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    sheet.refresh_from_db()
    assert sheet.agreements == "Volgende week het fruitmoment begeleiden."

    # Again, but now the sheet is saved elsewhere before the copy is put back: a conflict.
    context.set_offline(True)
    page.fill("#agreements", "Tekst van de gsm")
    expect(page.locator("#save-state")).to_contain_text("Niet bewaard", timeout=10_000)
    page.close()
    context.set_offline(False)
    sheet.refresh_from_db()
    FeedbackSheet.objects.filter(pk=sheet.pk).update(agreements="Tekst van de pc", revision=sheet.revision + 1)
    page = context.new_page()
    page.goto(live_server.url + f"/internships/{sheet.internship_id}/feedback/{sheet.pk}/")
    page.locator("#local-draft").get_by_role("button", name="Terugzetten").click()
    expect(page.locator("#save-state .alert-danger")).to_contain_text("Tekst van de pc", timeout=10_000)
    sheet.refresh_from_db()
    assert sheet.agreements == "Tekst van de pc"
    expect(page.locator("#agreements")).to_have_value("Tekst van de gsm")


def test_logging_out_leaves_no_copy_on_a_shared_tablet(new_context, demo_region, live_server):
    from tests.browser.test_journeys import log_out

    context = new_context()
    page = context.new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    context.set_offline(True)
    page.fill("#strengths", "Over een kind: blijft niet op dit toestel staan.")
    expect(page.locator("#save-state")).to_contain_text("Niet bewaard", timeout=10_000)
    context.set_offline(False)
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=20_000)  # nothing in flight any more
    page.evaluate(f"localStorage.setItem('uniform:sheet:{sheet.pk}:x', '1')")
    log_out(page, live_server.url)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('uniform:')).length") == 0


# ----------------------------------------------------------------- issue #14: submitting asks once
def _rate_first(page, level=2):
    """Open the first cluster and tap a level of its first indicator."""
    page.locator("details.sheet-cluster").first.locator(":scope > summary").click()
    page.locator("fieldset.rate").first.locator("label.seg-btn").nth(level).click()


def test_submitting_asks_once_with_what_is_about_to_be_shared(new_context, demo_region, live_server):
    """One question, in the page (no browser confirm()), naming what is shared, answerable
    with the keyboard alone; Escape leaves the sheet a draft."""
    from catalogue.models import Indicator

    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    browser_dialogs = []
    page.on("dialog", lambda d: (browser_dialogs.append(d.type), d.dismiss()))
    total = Indicator.objects.filter(version=sheet.internship.catalogue_version).count()
    _rate_first(page)
    page.get_by_role("button", name="Indienen").click()
    dialog = page.locator("dialog#submit-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"1 van {total} gedragsindicatoren beoordeeld, geen sterktes, geen werkpunten")
    expect(dialog).to_contain_text("delen met de stagiair en de stagebegeleider?")
    assert page.evaluate("document.activeElement.closest('dialog') !== null")  # the keyboard is in the question
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    sheet.refresh_from_db()
    assert sheet.status == "draft"

    page.fill("#strengths", "Rustig bij het onthaal.\nBenoemt wat de kinderen voelen.")
    page.get_by_role("button", name="Indienen").click()
    expect(dialog).to_contain_text(f"1 van {total} gedragsindicatoren beoordeeld, 2 sterktes, geen werkpunten")
    dialog.get_by_role("button", name="Delen").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_be_visible()
    sheet.refresh_from_db()
    assert sheet.status == "shared" and sheet.ratings.count() == 1
    assert browser_dialogs == []


def test_enter_on_a_level_button_changes_nothing_but_the_rating(new_context, demo_region, live_server):
    """Enter on a level (a radio) used to submit the form through its first submit button:
    "carry these forward", which added last time's open points and reloaded the page."""
    page = new_context().new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    expect(page.locator("button[name=carry]")).to_be_visible()  # the demo sheet before has open points
    page.locator("details.sheet-cluster").first.locator(":scope > summary").click()
    indicator = page.locator("fieldset.rate").first
    radio = indicator.locator("input.seg-input").nth(1)
    page.evaluate("window.stillHere = true")
    radio.focus()
    page.keyboard.press("Enter")
    expect(radio).to_be_checked()
    expect(page.locator("#save-state")).to_contain_text("✓", timeout=10_000)
    assert page.evaluate("window.stillHere === true")  # no reload
    expect(page.locator("#work_points")).to_have_value("")
    expect(page.locator("dialog#submit-dialog")).to_be_hidden()
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.work_points == "" and sheet.agreements == ""
    assert sheet.ratings.count() == 1
    # Enter on another level of the same indicator moves the rating there, and nothing else.
    other = indicator.locator("input.seg-input").nth(2)
    other.focus()
    page.keyboard.press("Enter")
    expect(other).to_be_checked()
    page.wait_for_timeout(1500)
    assert page.evaluate("window.stillHere === true")
    sheet.refresh_from_db()
    assert sheet.ratings.get().level_id == int(other.get_attribute("value")) and sheet.work_points == ""


# ------------------------------------------------- issue #13: autosave and "Indienen" on a slow phone
@pytest.mark.parametrize("wait_ms", [100, 1000], ids=["while-the-autosave-waits", "while-the-autosave-is-in-flight"])
def test_submit_right_after_a_change_on_a_slow_phone_is_no_conflict(new_context, demo_region, live_server, slow_saves, wait_ms):
    page = throttled_phone(new_context)
    log_in(page, live_server.url, "mentor@uniform.demo")
    sheet = _open_new_sheet(page, live_server)
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/feedback/" in r.url else None)
    _rate_first(page)
    page.fill("#agreements", "Morgen samen het fruitmoment.")
    page.wait_for_timeout(wait_ms)
    page.get_by_role("button", name="Indienen").click()
    page.locator("dialog#submit-dialog").get_by_role("button", name="Delen").click()
    expect(page.locator(".alert-success")).to_be_visible(timeout=15_000)
    sheet.refresh_from_db()
    assert sheet.status == "shared" and sheet.agreements == "Morgen samen het fruitmoment." and sheet.ratings.count() == 1
    assert 409 not in statuses
