"""The school admin imports a class list in a real browser: a file with 2 bad rows gives a
report, the corrected file a preview, Import writes it, and the students are in the group."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import log_in

pytestmark = pytest.mark.browser

HEADER = "first_name;last_name;email;group;date_of_birth"


def _file(rows: list[str]) -> dict:
    text = "\n".join([HEADER, *rows]) + "\n"
    return {"name": "klaslijst.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_school_admin_imports_students_after_fixing_the_reported_rows(page, live_server):
    from schools.models import Group, Student
    from tenancy.models import Organisation

    school = Organisation.objects.get(name="Campus De Lindeboom")
    good = [f"Browser{n};Import;browser{n}@example.org;7BKO-C;0{n}/09/2008" for n in range(1, 6)]
    bad = [*good[:2], "Fout;Adres;geen-adres;7BKO-C;", *good[2:], ";Naamloos;;7BKO-C;2008-13-40"]

    log_in(page, live_server.url, "schooladmin@uniform.demo")
    page.goto(live_server.url + "/schools/")
    page.locator(f"a[href='/schools/{school.pk}/import/']").click()

    # A file with two bad rows: the report names each row; nothing is imported.
    page.set_input_files("input[name=file]", files=[_file(bad)])
    page.locator("#import-upload").click()
    report = page.locator("#import-problems")
    expect(report).to_be_visible()
    expect(report.locator("tbody tr")).to_have_count(3)  # row 4: email; row 8: first name and date
    expect(report.locator("tbody tr").first.locator("td").first).to_have_text("4")
    expect(report.locator("tbody tr").last.locator("td").first).to_have_text("8")
    expect(page.locator("#import-confirm")).to_have_count(0)
    assert not Student.objects.filter(last_name="Import").exists()

    # The corrected file: a preview with what will happen, then Import.
    page.set_input_files("input[name=file]", files=[_file(good)])
    page.locator("#import-upload").click()
    preview = page.locator("#import-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("tr[data-action=new]")).to_have_count(5)
    expect(preview).to_contain_text("7BKO-C")
    assert not Student.objects.filter(last_name="Import").exists()
    page.locator("#import-confirm").click()
    expect(page.locator(".alert-success")).to_be_visible()

    group = Group.objects.get(school=school, name="7BKO-C")
    assert Student.objects.filter(group=group, last_name="Import").count() == 5
    page.locator(f"a[href='/schools/groups/{group.pk}/']").first.click()
    rows = page.locator("#students tbody tr.student-row")
    expect(rows).to_have_count(5)
    expect(page.locator("#students")).to_contain_text("Import, Browser3")
    expect(page.locator("#students")).to_contain_text("browser3@example.org")


def test_school_admin_invites_a_student_from_the_group_page(page, live_server):
    """The "invite" link opens the form with the student chosen; the student field follows the
    role, its search box narrows the list, and the invitation is tied to the record."""
    from schools.models import Group, Student
    from tenancy.models import Invitation

    group = Group.objects.get(name="7BKO-A", school__name="Campus De Lindeboom")
    student = Student.objects.filter(group=group, user__isnull=True, is_archived=False).order_by("last_name").first()
    log_in(page, live_server.url, "schooladmin@uniform.demo")
    page.goto(f"{live_server.url}/schools/groups/{group.pk}/")
    page.locator(f"#students a[href='/invitations/?student={student.pk}']").click()
    page.wait_for_url(f"{live_server.url}/invitations/?student={student.pk}")

    form = page.locator("main form:has(select[name=target])")
    picker = form.locator("select[name=student]")
    expect(picker).to_be_visible()
    expect(picker).to_have_value(str(student.pk))
    expect(form.locator("input[name=full_name]")).to_have_value(student.full_name)

    # Another role hides the field and lets go of the student; back to the student role, a search.
    teacher_key = form.locator("select[name=target] option[data-role=teacher]").get_attribute("value")
    student_key = form.locator("select[name=target] option[data-role=student]").get_attribute("value")
    form.locator("select[name=target]").select_option(teacher_key)
    expect(picker).to_be_hidden()
    expect(form.locator("input[name=full_name]")).to_have_value("")
    form.locator("select[name=target]").select_option(student_key)
    form.locator("#div_id_student input[type=search]").fill(student.last_name)
    form.locator("#div_id_student input[type=search]").press("Enter")  # searching never submits
    expect(picker.locator("option", has_text=f"{student.last_name}, {student.first_name}")).to_have_count(1)
    picker.select_option(str(student.pk))
    expect(form.locator("input[name=full_name]")).to_have_value(student.full_name)
    form.locator("input[name=email]").fill("browser.stagiair@example.org")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("browser.stagiair@example.org")
    assert Invitation.objects.get(email="browser.stagiair@example.org").student_id == student.pk
