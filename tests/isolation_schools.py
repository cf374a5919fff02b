"""Access-matrix entries for the schools URLs (merged into tests/test_isolation.py).

Objects: Limburg's "Campus De Lindeboom", its group 7BKO-A and its student Emma Aerts;
Antwerpen's "Campus Scheldezicht", its group 7KO and its student Lucas Van Damme. The only
school-admin demo login is schooladmin@uniform.demo (Lindeboom), so the Antwerpen objects
are refused to every demo login: 403 to the people who can see them (their teacher, the
student themself), 404 to everyone else.

The admin's forms answer per person *within* a network: someone who can see the object but
may not change it gets 403 (the group's teacher, the student; ``visible``), anyone else 404.
"""

from __future__ import annotations

from tests.isolation_support import Entry

# --------------------------------------------------------------------------- objects


def _school(demo, network: str) -> dict:
    from tenancy.models import Organisation

    name = "Campus De Lindeboom" if network == "limburg" else "Campus Scheldezicht"
    return {"pk": Organisation.objects.get(name=name, network__slug=network).pk}


def _group(demo, network: str) -> dict:
    from schools.models import Group

    name = "7BKO-A" if network == "limburg" else "7KO"
    return {"pk": Group.objects.get(name=name, school__network__slug=network).pk}


def _student(demo, network: str) -> dict:
    return {"pk": (demo.emma if network == "limburg" else demo.lucas).pk}

#: The admin's forms: the school's admins write; who sees the object but may not gets 403.
ON_GROUP = {"rule": "school.manage", "obj": "group", "visible_rule": "group.read"}
ON_STUDENT = {"rule": "school.manage", "obj": "student", "visible_rule": "student.read"}


ENTRIES: dict = {
    # School admins and teachers (of any school); other roles are not school staff: 403.
    "schools:index": Entry(rule="school.open", denied=403),
    # Read-only group page: the school's admins and the group's teachers.
    "schools:group": Entry(kwargs=_group, rule="group.read", obj="group"),
    # A new group for one of the schools one manages; POST {} re-shows the form with errors.
    "schools:group_add": Entry(rule="school.manage", denied=403, post="same"),
    "schools:group_edit": Entry(kwargs=_group, **ON_GROUP, post="same"),
    "schools:student_add": Entry(kwargs=_group, **ON_GROUP, post="same"),
    "schools:student_edit": Entry(kwargs=_student, **ON_STUDENT, post="same"),
    # POST only (GET: 405 for everyone); the admin's POST redirects to the student's page.
    "schools:student_archive": Entry(
        kwargs=_student, **ON_STUDENT, ok_code=405, denied=405,
        visible_get=405, post="same", post_ok_code=302, post_denied=404,
    ),
    # The school's import: its admins; its teachers 403; everyone else 404.
    "schools:import": Entry(kwargs=_school, rule="school.manage", obj="school", visible_rule="school.open", post="same"),
}
