"""Access-matrix entries for the access audit pages (merged into tests/test_isolation.py).

``audit:student``: who looked at Emma's / Lucas's record. The rule ``student.audit`` holds
for the school admin (of the student's own school) and the student themself; everyone else,
the teacher who sees the record too and the coordinator among them, gets 404. No POST (405).
``audit:mine``: the student's own page, for student logins only (others 404).
"""

from __future__ import annotations

from tests.isolation_support import Entry


def _student(demo, network: str) -> dict:
    return {"pk": (demo.emma if network == "limburg" else demo.lucas).pk}


STUDENTS = {"limburg": {"student@uniform.demo"}, "antwerpen": {"student@other.demo"}}

ENTRIES: dict = {
    "audit:student": Entry(kwargs=_student, rule="student.audit", obj="student"),
    # No object: a student login reads their own (every student login, whichever network is asked).
    "audit:mine": Entry(ok={net: STUDENTS["limburg"] | STUDENTS["antwerpen"] for net in STUDENTS}),
}
