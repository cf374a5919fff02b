"""Acceptance journey 1 of the catalogue editor, in a real browser: copy the published version
to a draft, add a cluster with three indicators, reorder two indicators, change a scale label
(saved automatically), see the differences, publish."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def test_coordinator_copies_edits_diffs_and_publishes(page, live_server):
    from catalogue.models import CatalogueVersion
    from catalogue.services import current_version
    from internships.models import Internship

    published = CatalogueVersion.objects.get(programme__network__slug="limburg", status="published")
    pinned = Internship.objects.filter(catalogue_version=published).count()

    log_in(page, live_server.url, "coordinator@uniform.demo")
    page.goto(live_server.url + "/catalogue/")
    page.locator(f"a[href='/catalogue/programmes/{published.programme_id}/versions/new/']").click()
    expect(page.locator("input[name=label]")).to_have_value("2027-2028")  # next school year proposed
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("2027-2028")
    draft = CatalogueVersion.objects.get(programme=published.programme, label="2027-2028")

    # A cluster with three indicators.
    page.fill("#add-cluster-title", "Digitale vaardigheden")
    page.locator("#add-cluster button[type=submit]").click()
    cluster = draft.clusters.get(title="Digitale vaardigheden")
    for text in ["Gebruikt het digitale dagboek correct.", "Respecteert de privacy bij foto's.", "Meldt een probleem met een toestel meteen."]:
        box = page.locator(f"#add-indicator-{cluster.pk}-text")
        box.fill(text)
        page.locator(f"#add-indicator-{cluster.pk} button[type=submit]").click()
        expect(page.locator(f"#cluster-{cluster.pk}-section")).to_contain_text(text)
    assert cluster.indicators.count() == 3

    # Reorder two indicators with the keyboard-friendly button.
    first_cluster = draft.clusters.order_by("order").first()
    second = list(first_cluster.indicators.all())[1]
    page.locator(f"#indicator-{second.pk} button[title]").first.click()  # ↑
    expect(page.locator(f"#cluster-{first_cluster.pk}-section .indicator-item").first).to_have_attribute(
        "id", f"indicator-{second.pk}"
    )

    # Change a scale label: autosaved when leaving the field (htmx), no page reload.
    from catalogue.models import RatingLevel

    level = RatingLevel.objects.get(scale__version=draft, value=2)
    page.evaluate("window.__noReload = true")
    field = page.locator(f"#level-{level.pk}-label")
    field.fill("Groeiend")
    field.blur()
    expect(page.locator(f"#level-{level.pk} .saved-flag")).to_be_visible()
    assert page.evaluate("window.__noReload") is True  # the page was not reloaded
    level.refresh_from_db()
    assert level.label == "Groeiend"

    # The differences, then publish.
    page.locator(f"a[href='/catalogue/versions/{draft.pk}/diff/']").click()
    diff = page.locator("main")
    expect(diff).to_contain_text("Digitale vaardigheden")
    expect(diff).to_contain_text("Groeiend")
    expect(diff).to_contain_text("Respecteert de privacy bij foto's.")
    page.locator(f"form[action='/catalogue/versions/{draft.pk}/publish/'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()

    draft.refresh_from_db()
    assert draft.status == "published"
    assert current_version(published.programme) == draft
    assert Internship.objects.filter(catalogue_version=published).count() == pinned

    # A teacher reads the new version, without any editor action.
    page.context.clear_cookies()
    log_in(page, live_server.url, "teacher@uniform.demo")
    page.goto(live_server.url + f"/catalogue/versions/{draft.pk}/")
    expect(page.locator("main")).to_contain_text("Digitale vaardigheden")
    expect(page.locator(".version-actions a.btn-primary")).to_have_count(0)
