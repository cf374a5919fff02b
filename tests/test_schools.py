"""The school admin manages groups and students (add, edit, archive) and imports them from
CSV/XLSX with a preview and a report of every bad row; teachers read their groups."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Programme
from schools import io as schools_io
from schools.models import Group, Student
from tenancy.models import Membership, Organisation, Role

ADMIN = "schooladmin@uniform.demo"
TEACHER = "teacher@uniform.demo"
OTHER_ADMIN = "ann.verbruggen@scheldezicht.demo"  # Campus Scheldezicht (Antwerpen); not a demo login
YEAR = "2026-2027"


def _english(client):
    """The UI is Dutch by default; these tests read the English msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin(demo):
    return _english(demo.client_for(ADMIN))


@pytest.fixture
def teacher(demo):
    return _english(demo.client_for(TEACHER))


@pytest.fixture
def lindeboom(db):
    return Organisation.objects.get(name="Campus De Lindeboom")


@pytest.fixture
def scheldezicht(db):
    return Organisation.objects.get(name="Campus Scheldezicht")


@pytest.fixture
def group_a(lindeboom):
    return Group.objects.get(school=lindeboom, name="7BKO-A")


@pytest.fixture
def group_b(lindeboom):
    return Group.objects.get(school=lindeboom, name="7BKO-B")


@pytest.fixture
def group_7ko(scheldezicht):
    return Group.objects.get(school=scheldezicht, name="7KO")


def _html(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --------------------------------------------------------------------------- school page


def test_school_page_lists_the_admins_groups_with_student_counts(admin, group_a, group_b):
    html = _html(admin.get(reverse("schools:index")))
    assert "Campus De Lindeboom" in html
    for group in (group_a, group_b):
        assert reverse("schools:group", args=[group.pk]) in html
        assert reverse("schools:group_edit", args=[group.pk]) in html
    n_a = Student.objects.filter(group=group_a, is_archived=False).count()
    assert n_a == 12
    assert f'<span class="group-count">{n_a}</span>' in html
    assert reverse("schools:import", args=[group_a.school_id]) in html
    assert "Atheneum Kempenland" not in html and "Scheldezicht" not in html

    Student.objects.filter(group=group_a, first_name="Emma").update(is_archived=True)
    html = _html(admin.get(reverse("schools:index")))
    assert f'<span class="group-count">{n_a - 1}</span>' in html and "(+1" in html


def test_teacher_sees_only_the_groups_they_teach_read_only(demo, group_a, group_b):
    html = _html(demo.client_for(TEACHER).get(reverse("schools:index")))
    assert "7BKO-A" in html and "7BKO-B" in html
    assert reverse("schools:group_add") not in html and "/import/" not in html
    assert reverse("schools:group_edit", args=[group_a.pk]) not in html
    html = _html(demo.client_for("teacher2@uniform.demo").get(reverse("schools:index")))
    assert "7 Kinderzorg" in html and "7BKO-A" not in html


@pytest.mark.parametrize("email", ["coordinator@uniform.demo", "mentor@uniform.demo", "student@uniform.demo",
                                   "childcare@uniform.demo", "coordinator@other.demo"])
def test_school_page_is_refused_to_people_who_are_no_school_staff(demo, email):
    assert demo.client_for(email).get(reverse("schools:index")).status_code == 403


def test_school_page_query_count_does_not_grow_with_groups(admin, lindeboom, demo):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(reverse("schools:index")).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    teacher = demo.user(TEACHER)
    for n in range(12):
        group = Group.objects.create(school=lindeboom, name=f"Extra {n}")
        group.teachers.add(teacher)
        Student.objects.create(school=lindeboom, group=group, first_name="X", last_name=str(n))
    assert count() == small


# --------------------------------------------------------------------------- group page


def test_group_page_lists_its_students_with_details_and_links(admin, demo, group_a):
    emma = demo.emma
    response = admin.get(reverse("schools:group", args=[group_a.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert reverse("schools:student", args=[emma.pk]) in html
    assert "Aerts, Emma" in html and "student@uniform.demo" in html
    assert emma.date_of_birth.strftime("%d/%m/%Y") in html
    assert "Sofie Peeters" in html  # the group's teacher
    assert reverse("schools:student_add", args=[group_a.pk]) in html


def test_teacher_reads_the_group_page_without_admin_buttons(teacher, group_a):
    html = _html(teacher.get(reverse("schools:group", args=[group_a.pk])))
    assert "Aerts, Emma" in html
    assert reverse("schools:student_add", args=[group_a.pk]) not in html
    assert reverse("schools:group_edit", args=[group_a.pk]) not in html


def test_archived_students_are_hidden_by_default_and_shown_on_request(admin, demo, group_a):
    emma = demo.emma
    admin.post(reverse("schools:student_archive", args=[emma.pk]), {"archived": "1"})
    url = reverse("schools:group", args=[group_a.pk])
    assert "Aerts, Emma" not in _html(admin.get(url))
    html = _html(admin.get(url, {"archived": "1"}))
    assert "Aerts, Emma" in html and "badge text-bg-secondary" in html


def test_search_filters_the_student_list(admin, demo, group_a):
    url = reverse("schools:group", args=[group_a.pk])
    html = _html(admin.get(url, {"q": "aerts"}))
    assert "Aerts, Emma" in html
    others = Student.objects.filter(group=group_a).exclude(last_name="Aerts")
    assert not [s for s in others if f"{s.last_name}, {s.first_name}" in html]
    html = _html(admin.get(url, {"q": "student@uniform"}))  # by email too
    assert "Aerts, Emma" in html
    assert "No student matches" in _html(admin.get(url, {"q": "zzzz-nobody"}))


def test_group_page_shows_25_students_a_page_and_keeps_the_filter(admin, lindeboom, group_a):
    Student.objects.bulk_create(
        Student(school=lindeboom, group=group_a, first_name=f"Pagina{n:02d}", last_name="Zoeker") for n in range(30)
    )
    url = reverse("schools:group", args=[group_a.pk])
    first = admin.get(url, {"q": "zoeker"})
    assert len(first.context["page"].object_list) == 25
    assert "q=zoeker&amp;page=2" in _html(first)
    second = admin.get(url, {"q": "zoeker", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert admin.get(url, {"page": "garbage"}).status_code == 200
    assert admin.get(url, {"page": "9999"}).status_code == 200


def test_group_page_query_count_does_not_grow_with_students(admin, lindeboom, group_a):
    url = reverse("schools:group", args=[group_a.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin.get(url, {"archived": "1"}).status_code == 200
        return len(ctx.captured_queries)

    Student.objects.bulk_create(Student(school=lindeboom, group=group_a, first_name="A", last_name=str(n)) for n in range(3))
    small = count()
    Student.objects.bulk_create(
        Student(school=lindeboom, group=group_a, first_name="B", last_name=str(n), is_archived=n % 2 == 0)
        for n in range(80)
    )
    assert count() == small


# --------------------------------------------------------------------------- groups


def _group_post(**overrides):
    data = {"name": "7BKO-C", "school_year": YEAR, "programme": "", "teachers": []}
    data.update(overrides)
    return data


def test_admin_adds_a_group_with_programme_and_teachers(admin, demo, lindeboom):
    programme = Programme.objects.get(network=lindeboom.network)
    response = admin.get(reverse("schools:group_add"))
    assert response.status_code == 200 and 'name="teachers"' in _html(response)
    assert "Tom Indekeu" in _html(response) and "Johan Wouters" not in _html(response)  # only Lindeboom's teachers
    response = admin.post(
        reverse("schools:group_add"),
        _group_post(school=lindeboom.pk, programme=programme.pk, teachers=[demo.user(TEACHER).pk]),
    )
    group = Group.objects.get(school=lindeboom, name="7BKO-C")
    assert response.status_code == 302 and response["Location"] == reverse("schools:group", args=[group.pk])
    assert group.programme == programme and group.school_year == YEAR
    assert list(group.teachers.values_list("email", flat=True)) == [TEACHER]
    # ...and the teacher now sees it.
    assert demo.client_for(TEACHER).get(reverse("schools:group", args=[group.pk])).status_code == 200


@pytest.mark.parametrize(
    "field, foreign",
    [
        ("teachers", "teacher2@uniform.demo"),  # teacher of another school of the network
        ("teachers", "teacher@other.demo"),  # teacher of another network
        ("teachers", "student@uniform.demo"),  # of the school, but not a teacher
        ("teachers", "deactivated"),  # a teacher whose membership was ended
        ("programme", "other-network"),
        ("school", "other-network"),
        ("school", "kempenland"),
    ],
)
def test_group_form_rejects_hand_posted_foreign_ids(admin, demo, lindeboom, field, foreign):
    if foreign == "deactivated":
        Membership.objects.filter(user__email="tom.indekeu@lindeboom.demo", role=Role.TEACHER).update(is_active=False)
        value = [demo.user("tom.indekeu@lindeboom.demo").pk]
    elif field == "teachers":
        value = [demo.user(foreign).pk]
    elif field == "programme":
        value = Programme.objects.get(network__slug="antwerpen").pk
    elif foreign == "kempenland":
        value = Organisation.objects.get(name="Atheneum Kempenland").pk
    else:
        value = Organisation.objects.get(name="Campus Scheldezicht").pk
    data = _group_post(school=lindeboom.pk)
    data[field] = value
    response = admin.post(reverse("schools:group_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not Group.objects.filter(name="7BKO-C").exists()


def test_group_names_are_unique_per_school_year_whatever_the_case(admin, lindeboom, group_a):
    response = admin.post(reverse("schools:group_add"), _group_post(school=lindeboom.pk, name="7bko-a"))
    assert response.status_code == 200 and "already a group" in _html(response)
    assert Group.objects.filter(school=lindeboom, name__iexact="7bko-a").count() == 1
    # Another school year may have a 7BKO-A.
    response = admin.post(reverse("schools:group_add"), _group_post(school=lindeboom.pk, name="7BKO-A", school_year="2027-2028"))
    assert response.status_code == 302


@pytest.mark.parametrize("year", ["2026", "2026-2028", "26-27", "", "x" * 200])
def test_group_form_refuses_a_bad_school_year(admin, lindeboom, year):
    response = admin.post(reverse("schools:group_add"), _group_post(school=lindeboom.pk, school_year=year))
    assert response.status_code == 200 and response.context["form"].errors.get("school_year")


def test_admin_edits_a_group_and_its_teachers(admin, demo, group_a):
    programme = group_a.programme
    response = admin.get(reverse("schools:group_edit", args=[group_a.pk]))
    assert response.status_code == 200 and 'value="7BKO-A"' in _html(response)
    tom = demo.user("tom.indekeu@lindeboom.demo")
    response = admin.post(
        reverse("schools:group_edit", args=[group_a.pk]),
        _group_post(school=group_a.school_id, name="7BKO-A1", programme=programme.pk, teachers=[tom.pk]),
    )
    assert response.status_code == 302
    group_a.refresh_from_db()
    assert group_a.name == "7BKO-A1" and list(group_a.teachers.all()) == [tom]
    # Sofie no longer follows the group: it is not hers any more.
    assert demo.client_for(TEACHER).get(reverse("schools:group", args=[group_a.pk])).status_code == 404


def test_group_edit_cannot_take_the_name_of_another_group(admin, group_a, group_b):
    response = admin.post(reverse("schools:group_edit", args=[group_a.pk]), _group_post(school=group_a.school_id, name="7BKO-B"))
    assert response.status_code == 200 and "already a group" in _html(response)
    group_a.refresh_from_db()
    assert group_a.name == "7BKO-A"


# --------------------------------------------------------------------------- students


def _student_post(group, **overrides):
    data = {"first_name": "Mona", "last_name": "Nieuw", "email": "", "date_of_birth": "", "group": group.pk}
    data.update(overrides)
    return data


def test_admin_adds_a_student_to_a_group(admin, group_a):
    response = admin.get(reverse("schools:student_add", args=[group_a.pk]))
    assert response.status_code == 200 and f'<option value="{group_a.pk}" selected>' in _html(response)
    response = admin.post(
        reverse("schools:student_add", args=[group_a.pk]),
        _student_post(group_a, email="Mona.Nieuw@Example.org", date_of_birth="14/03/2008"),
    )
    assert response.status_code == 302 and response["Location"] == reverse("schools:group", args=[group_a.pk])
    student = Student.objects.get(first_name="Mona", last_name="Nieuw")
    assert student.group == group_a and student.school_id == group_a.school_id
    assert student.email == "mona.nieuw@example.org" and student.date_of_birth == date(2008, 3, 14)
    assert "Nieuw, Mona" in _html(admin.get(reverse("schools:group", args=[group_a.pk])))


def test_a_group_cannot_have_two_students_with_the_same_name(admin, group_a):
    response = admin.post(reverse("schools:student_add", args=[group_a.pk]), _student_post(group_a, first_name="emma", last_name="AERTS"))
    assert response.status_code == 200 and "already has a student named" in _html(response)
    assert Student.objects.filter(group=group_a, last_name__iexact="aerts").count() == 1


@pytest.mark.parametrize(
    "field, value",
    [("email", "not-an-email"), ("date_of_birth", "31/02/2008"), ("date_of_birth", "2999-01-01"),
     ("first_name", ""), ("last_name", "x" * 81)],
)
def test_student_form_reports_bad_values(admin, group_a, field, value):
    response = admin.post(reverse("schools:student_add", args=[group_a.pk]), _student_post(group_a, **{field: value}))
    assert response.status_code == 200 and response.context["form"].errors.get(field)
    assert not Student.objects.filter(last_name="Nieuw").exists()


@pytest.mark.parametrize("which", ["kempenland", "other-network"])
def test_student_form_rejects_a_group_of_another_school(admin, group_a, group_7ko, which):
    foreign = Group.objects.get(name="7 Kinderzorg") if which == "kempenland" else group_7ko
    response = admin.post(reverse("schools:student_add", args=[group_a.pk]), _student_post(foreign))
    assert response.status_code == 200 and response.context["form"].errors.get("group")
    assert not Student.objects.filter(last_name="Nieuw").exists()


def test_admin_edits_a_student_and_moves_them_to_another_group(admin, demo, group_b):
    emma = demo.emma
    url = reverse("schools:student_edit", args=[emma.pk])
    assert 'value="Emma"' in _html(admin.get(url))
    response = admin.post(url, _student_post(group_b, first_name="Emma", last_name="Aerts-Claes", email="emma@example.org",
                                             date_of_birth="2008-05-01"))
    assert response.status_code == 302 and response["Location"] == reverse("schools:student", args=[emma.pk])
    emma.refresh_from_db()
    assert (emma.last_name, emma.group, emma.email, emma.date_of_birth) == ("Aerts-Claes", group_b, "emma@example.org", date(2008, 5, 1))


def test_admin_archives_and_brings_back_a_student(admin, demo):
    emma = demo.emma
    detail = reverse("schools:student", args=[emma.pk])
    html = _html(admin.get(detail))
    assert reverse("schools:student_archive", args=[emma.pk]) in html and reverse("schools:student_edit", args=[emma.pk]) in html
    response = admin.post(reverse("schools:student_archive", args=[emma.pk]), {"archived": "1"})
    assert response.status_code == 302 and response["Location"] == detail
    emma.refresh_from_db()
    assert emma.is_archived
    assert "Bring back" in _html(admin.get(detail))
    admin.post(reverse("schools:student_archive", args=[emma.pk]), {"archived": "0"})
    emma.refresh_from_db()
    assert not emma.is_archived
    # A garbage value changes nothing and says so.
    response = admin.post(reverse("schools:student_archive", args=[emma.pk]), {"archived": "maybe"}, follow=True)
    emma.refresh_from_db()
    assert not emma.is_archived and "Nothing was changed" in _html(response)
    assert admin.get(reverse("schools:student_archive", args=[emma.pk])).status_code == 405


def test_teacher_sees_the_student_page_without_admin_buttons(teacher, demo):
    html = _html(teacher.get(reverse("schools:student", args=[demo.emma.pk])))
    assert "Emma Aerts" in html and "/archive/" not in html and "/edit/" not in html


# --------------------------------------------------------------------------- who may do what


def test_teacher_gets_403_on_every_admin_action_and_nothing_changes(teacher, demo, group_a, lindeboom):
    emma = demo.emma
    csv_bytes = b"first_name;last_name;group\nNina;Nieuw;7BKO-A\n"
    attempts = [
        ("get", reverse("schools:group_add"), {}),
        ("post", reverse("schools:group_add"), _group_post(school=lindeboom.pk)),
        ("get", reverse("schools:group_edit", args=[group_a.pk]), {}),
        ("post", reverse("schools:group_edit", args=[group_a.pk]), _group_post(school=lindeboom.pk, name="Hacked")),
        ("get", reverse("schools:student_add", args=[group_a.pk]), {}),
        ("post", reverse("schools:student_add", args=[group_a.pk]), _student_post(group_a)),
        ("get", reverse("schools:student_edit", args=[emma.pk]), {}),
        ("post", reverse("schools:student_edit", args=[emma.pk]), _student_post(group_a, first_name="Hacked")),
        ("post", reverse("schools:student_archive", args=[emma.pk]), {"archived": "1"}),
        ("get", reverse("schools:import", args=[lindeboom.pk]), {}),
        ("post", reverse("schools:import", args=[lindeboom.pk]),
         {"file": SimpleUploadedFile("s.csv", csv_bytes), "school_year": YEAR}),
    ]
    for method, url, data in attempts:
        assert getattr(teacher, method)(url, data).status_code == 403, (method, url)
    emma.refresh_from_db()
    group_a.refresh_from_db()
    assert group_a.name == "7BKO-A" and emma.first_name == "Emma" and not emma.is_archived
    assert not Student.objects.filter(last_name="Nieuw").exists() and not Group.objects.filter(name="7BKO-C").exists()


def test_other_network_gets_404_on_every_school_object(demo, group_7ko, scheldezicht, lindeboom, group_a):
    admin = demo.client_for(ADMIN)
    lucas = demo.lucas
    for url in [
        reverse("schools:group", args=[group_7ko.pk]),
        reverse("schools:group_edit", args=[group_7ko.pk]),
        reverse("schools:student_add", args=[group_7ko.pk]),
        reverse("schools:student_edit", args=[lucas.pk]),
        reverse("schools:import", args=[scheldezicht.pk]),
    ]:
        assert admin.get(url).status_code == 404, url
        if "/edit/" in url or "/new/" in url or "/import/" in url:
            assert admin.post(url, {}).status_code == 404, url
    assert admin.post(reverse("schools:student_archive", args=[lucas.pk]), {"archived": "1"}).status_code == 404
    # The Antwerpen school admin, the other way round.
    other = demo.client_for(OTHER_ADMIN)
    for url in [
        reverse("schools:group", args=[group_a.pk]),
        reverse("schools:group_edit", args=[group_a.pk]),
        reverse("schools:student_edit", args=[demo.emma.pk]),
        reverse("schools:import", args=[lindeboom.pk]),
    ]:
        assert other.get(url).status_code == 404, url
    lucas.refresh_from_db()
    assert not lucas.is_archived


def test_the_antwerpen_admin_manages_their_own_school(demo, group_7ko, scheldezicht):
    other = demo.client_for(OTHER_ADMIN)
    html = _html(other.get(reverse("schools:index")))
    assert "Campus Scheldezicht" in html and "Lindeboom" not in html
    assert other.get(reverse("schools:group_edit", args=[group_7ko.pk])).status_code == 200
    assert other.get(reverse("schools:import", args=[scheldezicht.pk])).status_code == 200
    # Their group form offers their own network's programme and teachers only.
    html = _html(other.get(reverse("schools:group_add")))
    assert "Nathalie De Smedt" in html and "Sofie Peeters" not in html


def test_the_matrix_entries_answer_per_person_within_a_network():
    """tests/isolation_schools.py gives 403 to who sees an object and 404 to the rest of the
    network; this checks that isolation_support._expected really reads it that way."""
    from tests.isolation_schools import ENTRIES
    from tests.isolation_support import _expected

    entry = ENTRIES["schools:group_edit"]
    assert _expected(entry, ADMIN, "limburg", "GET") == 200
    assert _expected(entry, TEACHER, "limburg", "GET") == 403
    assert _expected(entry, "coordinator@uniform.demo", "limburg", "GET") == 404
    assert _expected(entry, TEACHER, "limburg", "POST") == 403
    assert _expected(entry, "teacher2@uniform.demo", "limburg", "POST") == 404
    assert _expected(entry, TEACHER, "antwerpen", "GET") == 404
    assert _expected(entry, "teacher@other.demo", "antwerpen", "GET") == 403
    archive = ENTRIES["schools:student_archive"]
    assert [_expected(archive, r, "limburg", "POST") for r in (ADMIN, "student@uniform.demo", "mentor@uniform.demo")] == [302, 403, 404]
    assert _expected(archive, "student@uniform.demo", "limburg", "GET") == 405


# --------------------------------------------------------------------------- import


FIRST = ["Lina", "Noor", "Julie", "Marie", "Ella", "Fien", "Lore", "Hanne", "Amber", "Jana", "Lisa", "Elise", "Nina",
         "Ines", "Zoë", "Lien", "Febe", "Amira", "Sara", "Axelle", "Kato", "Britt", "Yana", "Mila", "Jente", "Anouk",
         "Laura", "Silke", "Imane", "Chloë"]


def _csv(rows, header=("first_name", "last_name", "email", "group", "date_of_birth"), delimiter=";", bom=False) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" + text if bom else text).encode("utf-8")


def _upload(client, school, content: bytes, name="leerlingen.csv", school_year=YEAR, programme=""):
    return client.post(
        reverse("schools:import", args=[school.pk]),
        {"file": SimpleUploadedFile(name, content), "school_year": school_year, "programme": programme},
    )


def _confirm(client, school, preview):
    assert preview.status_code == 200, [(p.row, p.message) for p in preview.context["plan"].problems]
    return client.post(reverse("schools:import", args=[school.pk]), {"confirm": "1", "token": preview.context["token"]})


def _problems(response) -> dict[int | None, list[str]]:
    found: dict = {}
    for problem in response.context["plan"].problems:
        found.setdefault(problem.row, []).append(problem.message)
    return found


def _thirty_students():
    """30 students: 15 for 7BKO-A (exists), 15 for a new 7BKO-C; email and birth date on most."""
    rows = []
    for n, first in enumerate(FIRST):
        group = "7BKO-A" if n < 15 else "7BKO-C"
        ascii_first = first.lower().replace("ë", "e")
        email = f"{ascii_first}.import{n}@example.org" if n % 3 else ""
        birth = f"{(n % 28) + 1:02d}/0{(n % 9) + 1}/2008" if n % 2 else f"2008-0{(n % 9) + 1}-{(n % 28) + 1:02d}"
        rows.append([first, f"Importtest{n}", email, group, birth])
    return rows


def test_acceptance_import_30_students_with_2_bad_rows_report_fix_import(admin, lindeboom, group_a):
    programme = Programme.objects.get(network=lindeboom.network)
    before = Student.objects.filter(school=lindeboom).count()
    rows = _thirty_students()
    rows[6][2] = "jana.at.example.org"  # file row 8: a bad email address
    rows[19][4] = "31/02/2008"  # file row 21: no such day

    response = _upload(admin, lindeboom, _csv(rows), programme=programme.pk)
    assert response.status_code == 400
    problems = _problems(response)
    assert set(problems) == {8, 21}
    assert "not a valid email address" in problems[8][0] and "jana.at.example.org" in problems[8][0]
    assert "not a date" in problems[21][0]
    html = _html(response)
    assert "The file has 2 problems; nothing was imported." in html and 'name="confirm"' not in html
    assert Student.objects.filter(school=lindeboom).count() == before
    assert not Group.objects.filter(name="7BKO-C").exists()

    rows[6][2] = "jana.import6@example.org"
    rows[19][4] = "28/02/2008"
    preview = _upload(admin, lindeboom, _csv(rows), programme=programme.pk)
    plan = preview.context["plan"]
    assert plan.n_new == 30 and plan.new_groups == ["7BKO-C"] and not plan.problems
    html = _html(preview)
    assert html.count('data-action="new"') == 30 and "new group" in html and 'name="confirm"' in html
    assert Student.objects.filter(school=lindeboom).count() == before  # a preview writes nothing

    response = _confirm(admin, lindeboom, preview)
    assert response.status_code == 302 and response["Location"] == reverse("schools:index")
    assert Student.objects.filter(school=lindeboom).count() == before + 30
    new_group = Group.objects.get(school=lindeboom, name="7BKO-C")
    assert new_group.programme == programme and new_group.school_year == YEAR
    assert new_group.students.count() == 15 and group_a.students.filter(last_name__startswith="Importtest").count() == 15
    assert Student.objects.get(last_name="Importtest19").date_of_birth == date(2008, 2, 28)
    assert Student.objects.get(last_name="Importtest6").email == "jana.import6@example.org"
    page = admin.get(reverse("schools:group", args=[new_group.pk]))
    assert "Importtest15, Amira" in _html(page) or "Importtest17, Amira" in _html(page)
    assert page.context["page"].paginator.count == 15
    assert "30 new students" in " ".join(_messages(response))


def test_import_reports_every_bad_row_with_its_reason(admin, lindeboom):
    future = (date.today() + timedelta(days=400)).isoformat()
    rows = [
        ["", "Zonder", "", "7BKO-A", ""],  # 2: first name missing
        ["Zonder", "", "", "7BKO-A", ""],  # 3: last name missing
        ["Bad", "Email", "bad@", "7BKO-A", ""],  # 4
        ["Bad", "Date", "", "7BKO-A", "2008-13-01"],  # 5
        ["Long", "Group", "", "G" * 81, ""],  # 6
        ["Twice", "Here", "", "7BKO-A", ""],  # 7
        ["twice", "HERE", "", "7bko-a", ""],  # 8: the same student as row 7
        ["Future", "Born", "", "7BKO-A", future],  # 9
        ["", "", "x@", "", "yesterday"],  # 10: four problems on one row
        ["Good", "Row", "good@example.org", "7BKO-A", "01/09/2008"],  # 11: fine
    ]
    response = _upload(admin, lindeboom, _csv(rows))
    assert response.status_code == 400
    problems = _problems(response)
    assert set(problems) == {2, 3, 4, 5, 6, 8, 9, 10}
    assert "first name is missing" in problems[2][0]
    assert "last name is missing" in problems[3][0]
    assert "not a valid email" in problems[4][0]
    assert "not a date" in problems[5][0]
    assert "group name is longer than 80" in problems[6][0]
    assert "already on row 7" in problems[8][0]
    assert "cannot be right" in problems[9][0]
    assert len(problems[10]) == 5  # first name, last name, group, email, date
    assert response.context["plan"].rows[-1].row.last_name == "Row"
    html = _html(response)
    assert "The file has 12 problems" in html
    assert not Student.objects.filter(last_name__in=["Row", "Here"]).exists()


def test_import_recognises_existing_students_and_updates_only_what_the_file_adds(admin, demo, lindeboom, group_a):
    emma = demo.emma
    other = Student.objects.filter(group=group_a).exclude(pk=emma.pk).order_by("last_name").first()
    rows = [
        ["Emma", "Aerts", "", "7bko-a", ""],  # exists, nothing new: unchanged (the empty email erases nothing)
        [other.first_name.upper(), other.last_name, "nieuw.adres@example.org", "7BKO-A", "2008-01-02"],  # update
        ["Nieuwe", "Leerling", "", "7BKO-A", ""],  # new in an existing group
    ]
    preview = _upload(admin, lindeboom, _csv(rows))
    plan = preview.context["plan"]
    assert [r.action for r in plan.rows] == ["unchanged", "update", "new"]
    assert plan.rows[1].changes == ["email address", "date of birth"] and not plan.new_groups
    assert "already exists: update" in _html(preview) and "already exists: no change" in _html(preview)
    assert _confirm(admin, lindeboom, preview).status_code == 302
    emma.refresh_from_db()
    other.refresh_from_db()
    assert emma.email == "student@uniform.demo"
    assert other.email == "nieuw.adres@example.org" and other.date_of_birth == date(2008, 1, 2)
    assert Student.objects.filter(group=group_a, first_name__iexact="emma", last_name="Aerts").count() == 1
    assert Student.objects.filter(group=group_a, last_name="Leerling").count() == 1


def test_import_reads_comma_csv_with_bom_dutch_headings_and_xlsx(admin, lindeboom):
    from openpyxl import Workbook

    content = _csv([["Anna", "Komma", "", "7BKO-A", "05/06/2008"]], header=("Voornaam", "Achternaam", "E-mail", "Klas", "Geboortedatum"),
                   delimiter=",", bom=True)
    preview = _upload(admin, lindeboom, content)
    assert preview.context["plan"].rows[0].row.date_of_birth == date(2008, 6, 5)

    wb = Workbook()
    ws = wb.active
    ws.append(["first_name", "last_name", "email", "group", "date_of_birth"])
    ws.append(["Xena", "Excel", "xena@example.org", "7BKO-B", date(2008, 7, 8)])
    ws.append([None, None, None, None, None])
    ws.append(["Yves", "Excel", None, "7BKO-B", "09/10/2008"])
    out = io.BytesIO()
    wb.save(out)
    preview = _upload(admin, lindeboom, out.getvalue(), name="no-extension")  # type by content, not by name
    plan = preview.context["plan"]
    assert [(r.row.number, r.row.first_name, r.row.date_of_birth) for r in plan.rows] == [
        (2, "Xena", date(2008, 7, 8)), (4, "Yves", date(2008, 10, 9))]
    assert _confirm(admin, lindeboom, preview).status_code == 302
    assert Student.objects.filter(last_name="Excel", group__name="7BKO-B").count() == 2


def test_import_page_shows_the_column_names_of_the_page_language_and_the_importer_takes_them(demo, lindeboom):
    """Dutch page: Dutch column names in the example, the help text and the missing-column message
    (English ones still work); English page: the English names."""
    from django.utils import translation

    dutch = demo.client_for(ADMIN)
    html = _html(dutch.get(reverse("schools:import", args=[lindeboom.pk])))
    assert "voornaam;achternaam;e-mail;klas;geboortedatum" in html
    assert "first_name;last_name;email;group;date_of_birth" in html  # named as still accepted
    assert "Emma;Aerts;emma@example.org;7BKO-A;14/03/2008" in html
    assert "voornaam, achternaam, e-mail" in html  # the help text under the file field
    response = _upload(dutch, lindeboom, b"naam;klas\nEmma;7BKO-A\n")
    assert "voornaam, achternaam" in _html(response) and "first_name" not in str(response.context["plan"].problems)
    english = _html(_english(demo.client_for(ADMIN)).get(reverse("schools:import", args=[lindeboom.pk])))
    assert "first_name;last_name;email;group;date_of_birth" in english and "voornaam;" not in english
    # What the page shows is what the importer reads, in both languages.
    for language in ("nl", "en"):
        with translation.override(language):
            shown, example = schools_io.headings(), schools_io.example_row()
        content = _csv([example], header=shown)
        plan = _upload(dutch, lindeboom, content).context["plan"]
        assert not plan.problems and plan.rows[0].row.date_of_birth == date(2008, 3, 14), language


def test_nothing_is_half_imported_when_a_write_fails(admin, lindeboom, monkeypatch):
    rows = _thirty_students()
    preview = _upload(admin, lindeboom, _csv(rows))
    before = Student.objects.count()
    calls = {"n": 0}
    original = Student.full_clean

    def failing_full_clean(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 20:
            from django.core.exceptions import ValidationError

            raise ValidationError("disk on fire")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Student, "full_clean", failing_full_clean)
    response = _confirm(admin, lindeboom, preview)
    assert response.status_code == 400 and "disk on fire" in _html(response)
    assert Student.objects.count() == before
    assert not Group.objects.filter(name="7BKO-C").exists()  # created before the failure, rolled back


def test_import_never_trusts_the_session_or_the_token(admin, lindeboom):
    url = reverse("schools:import", args=[lindeboom.pk])
    # Confirming without a preview, or with another token: nothing happens.
    response = admin.post(url, {"confirm": "1", "token": "x"}, follow=True)
    assert "no longer valid" in _html(response)
    preview = _upload(admin, lindeboom, _csv([["Echt", "Goed", "", "7BKO-A", ""]]))
    token = preview.context["token"]
    response = admin.post(url, {"confirm": "1", "token": token[:-1] + ("1" if token[-1] == "0" else "0")})
    assert response.status_code == 302 and not Student.objects.filter(last_name="Goed").exists()
    # Data in the session is checked again: a bad row slipped in there is reported, not imported.
    preview = _upload(admin, lindeboom, _csv([["Echt", "Goed", "", "7BKO-A", ""]]))
    session = admin.session
    key = f"schools-import-{lindeboom.pk}"
    stored = session[key]
    stored["table"]["rows"].append([3, ["Slecht", "Adres", "geen-email", "7BKO-A", ""]])
    stored["token"] = schools_io.Table.from_session(stored["table"]).digest
    session[key] = stored
    session.save()
    response = admin.post(url, {"confirm": "1", "token": stored["token"]})
    assert response.status_code == 400 and 3 in _problems(response)
    assert not Student.objects.filter(last_name__in=["Goed", "Adres"]).exists()
    # A preview is used once.
    preview = _upload(admin, lindeboom, _csv([["Echt", "Goed", "", "7BKO-A", ""]]))
    assert _confirm(admin, lindeboom, preview).status_code == 302
    assert admin.post(url, {"confirm": "1", "token": preview.context["token"]}).status_code == 302
    assert Student.objects.filter(last_name="Goed").count() == 1


def _zip(content: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # A fixed date: the bytes (and so the test id) must be the same in every xdist worker.
        archive.writestr(zipfile.ZipInfo("hello.txt", date_time=(2026, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "required"),  # an empty upload: the form says the file is required/empty
        (b"   \n\n", "empty"),
        (b"first_name;last_name;group\n", "only a header"),
        (b"naam;klas\nEmma;7BKO-A\n", "Missing column(s): first_name, last_name"),
        ("first_name;last_name;group\nJosé;Café;7BKO-A\n".encode("latin-1"), "not UTF-8"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel"),
        (b"PK\x03\x04garbage", "not a readable XLSX"),
        (_zip(b"not a workbook"), "not a readable XLSX"),
        (b"first_name;last_name;group\n\"unclosed;x;y\n" + b"a" * 200_000 + b"\n", "cannot be read"),
        (b"first_name;last_name;group\nA\0B;C;D\n", 'data-action="new"'),  # control characters become spaces
        (bytes(range(256)) * 10, "not UTF-8"),
    ],
)
def test_import_never_fails_with_a_server_error_on_garbage(admin, lindeboom, content, message):
    response = _upload(admin, lindeboom, content)
    assert response.status_code in (200, 400)
    assert message in _html(response)
    assert not Student.objects.filter(school=lindeboom, last_name__in=["Café", "C"]).exists()  # an upload writes nothing


def test_import_limits_size_and_rows(admin, lindeboom):
    big = b"first_name;last_name;group\n" + b"a;b;c\n" * (2 * 1024 * 1024 // 6 + 10)
    response = _upload(admin, lindeboom, big)
    assert response.status_code == 200 and "larger than 2 MB" in _html(response)
    many = _csv([[f"N{n}", "Veel", "", "7BKO-A", ""] for n in range(2001)])
    response = _upload(admin, lindeboom, many)
    assert response.status_code == 400 and "more than 2000 rows" in _html(response)
    exactly = _csv([[f"N{n}", "Veel", "", "7BKO-A", ""] for n in range(2000)])
    preview = _upload(admin, lindeboom, exactly)
    assert preview.context["plan"].n_new == 2000
    assert _confirm(admin, lindeboom, preview).status_code == 302
    assert Student.objects.filter(last_name="Veel").count() == 2000


def test_import_form_checks_school_year_and_programme(admin, lindeboom):
    content = _csv([["Echt", "Goed", "", "7BKO-A", ""]])
    response = _upload(admin, lindeboom, content, school_year="volgend jaar")
    assert response.status_code == 200 and response.context["form"].errors.get("school_year")
    foreign = Programme.objects.get(network__slug="antwerpen")
    response = _upload(admin, lindeboom, content, programme=foreign.pk)
    assert response.status_code == 200 and response.context["form"].errors.get("programme")
    # Another school year: its groups do not exist yet, so they are created for that year.
    preview = _upload(admin, lindeboom, content, school_year="2027-2028")
    assert preview.context["plan"].new_groups == ["7BKO-A"]
    assert _confirm(admin, lindeboom, preview).status_code == 302
    assert Group.objects.get(school=lindeboom, name="7BKO-A", school_year="2027-2028").students.count() == 1
