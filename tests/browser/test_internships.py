"""Internship journeys in a real browser (acceptance 1, second half, and 2 of the internships
issue): a school admin plans internships for a whole group; the mentor records the intake with
a schedule, marks a document handed in and confirms hours; the teacher plans and logs a visit,
and the mentor sees its agreements."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser


def test_school_admin_plans_a_group_and_mentor_and_teacher_see_it(page, live_server):
    from internships.models import Internship
    from schools.models import Group

    group = Group.objects.get(name="7BKO-B")
    log_in(page, live_server.url, "schooladmin@uniform.demo")
    page.goto(live_server.url + "/internships/")
    page.locator("a[href='/internships/new/group/']").click()
    page.select_option("select[name=group]", str(group.pk))
    page.select_option("select[name=site]", label="KDV 't Nestje (vzw Kindernest)")
    page.locator("select[name=mentor] option", has_text="An Vermeulen").first.wait_for(state="attached")
    mentor_value = page.locator("select[name=mentor] option", has_text="An Vermeulen").first.get_attribute("value")
    page.select_option("select[name=mentor]", mentor_value)
    page.select_option("select[name=teacher]", label="Sofie Peeters")
    # After every period of the demo region (its placement requests plan students of 7BKO-B in 2027).
    start = timezone.localdate() + timedelta(days=420)
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", (start + timedelta(weeks=6)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    created = Internship.objects.filter(student__group=group, start_date=start)
    assert created.count() == group.students.filter(is_archived=False).count() == 10
    name = created.first().student.full_name

    for email in ("mentor@uniform.demo", "teacher@uniform.demo"):
        page.context.clear_cookies()
        log_in(page, live_server.url, email)
        expect(page.locator("main")).to_contain_text(name)


def test_mentor_intake_documents_hours_and_teacher_visit(page, live_server):
    from internships.models import Internship

    planned = Internship.objects.filter(mentor__email="mentor@uniform.demo", status="planned").first()
    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    log_in(page, live_server.url, "mentor@uniform.demo")

    # Intake with a schedule: the internship moves to "intake done" and shows the week grid.
    page.goto(live_server.url + f"/internships/{planned.pk}/")
    page.locator(f"a[href='/internships/{planned.pk}/intake/']").click()
    page.fill("input[name=date]", timezone.localdate().isoformat())
    page.fill("input[name=attendees]", "Tess, An (mentor)")
    page.fill("textarea[name=learning_goals]", "Een eetmoment zelfstandig begeleiden")
    page.fill("input[name=day0_start]", "08:00")
    page.fill("input[name=day0_end]", "16:30")
    page.fill("input[name=day3_start]", "08:00")
    page.fill("input[name=day3_end]", "12:00")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".week-grid")).to_contain_text("16:30")
    expect(page.locator(".stepbar li.current")).to_contain_text("ennismaking")  # kennismaking gedaan
    planned.refresh_from_db()
    assert planned.status == "intake_done"

    # A document handed in, the proposed hours confirmed.
    page.goto(live_server.url + f"/internships/{emma.pk}/")
    missing = emma.documents.filter(status="missing").first()
    row = page.locator(f"#document-{missing.pk}")
    row.locator("select[name=status]").select_option("handed_in")
    row.locator("button[type=submit]").first.click()
    expect(page.locator(f"#document-{missing.pk} select[name=status]")).to_have_value("handed_in")
    page.locator(f"form[action='/internships/{emma.pk}/hours/confirm-all/'] button").click()
    expect(page.locator(f"form[action='/internships/{emma.pk}/hours/confirm-all/']")).to_have_count(0)
    assert not emma.hour_entries.filter(status="proposed").exists()

    # The teacher plans a visit and logs it (on its day: a visit is not done before it); the mentor sees the agreements.
    page.context.clear_cookies()
    log_in(page, live_server.url, "teacher@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/")
    day = timezone.localdate()
    visit_form = page.locator(f"form[action='/internships/{emma.pk}/visits/add/']")
    visit_form.locator("input[name=date]").fill(day.isoformat())
    visit_form.locator("input[name=with_whom]").fill("An Vermeulen")
    visit_form.locator("button[type=submit]").click()
    visit = emma.visits.get(date=day)
    page.locator(f"a[href='/internships/{emma.pk}/visits/{visit.pk}/']").click()
    page.select_option("select[name=status]", "done")
    page.fill("textarea[name=agreements]", "Emma leidt volgende week zelf het onthaal.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(f"#visit-{visit.pk}")).to_contain_text("Emma leidt volgende week zelf het onthaal.")

    page.context.clear_cookies()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/")
    expect(page.locator("#visits")).to_contain_text("Emma leidt volgende week zelf het onthaal.")


def test_mentor_rejects_a_day_saying_why_and_the_student_reads_it(page, live_server):
    """Issue #14: a rejection asks why (the browser refuses an empty reason), and the student
    reads the reason beside the day."""
    from internships.models import HourEntry, Internship

    emma = Internship.objects.get(student__user__email="student@uniform.demo")
    entry = emma.hour_entries.filter(status="proposed").order_by("date").first()
    log_in(page, live_server.url, "mentor@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/#hours")
    reject = page.locator("details.hours-reject").filter(has=page.locator(f"input#reject-{entry.pk}"))
    reject.locator("summary").click()
    reject.locator("button[value=reject]").click()  # no reason: the browser asks for one, nothing is sent
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.PROPOSED
    reject.locator("input[name=reason]").fill("Die dag was je om 12u al weg; pas de uren aan.")
    reject.locator("button[value=reject]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.REJECTED

    page.context.clear_cookies()
    log_in(page, live_server.url, "student@uniform.demo")
    page.goto(live_server.url + f"/internships/{emma.pk}/#hours")
    expect(page.locator("#hours .hours-reject-reason").filter(has_text="Die dag was je om 12u al weg")).to_be_visible()
