"""Access-matrix entries for retention and the privacy page (ADR 0023; merged into
tests/test_isolation.py).

Objects: Emma Aerts and her internship (Limburg), Lucas Van Damme and his (Antwerpen). The only
school-admin demo login is Lindeboom's, so in Antwerpen no demo login places or lifts a hold:
who sees the student or internship there (its teacher, mentor, the student) gets 403 on the
hold form, everyone else 404.
"""

from __future__ import annotations

from tests.isolation_support import EVERYONE, Entry

_ALL = {"limburg": EVERYONE, "antwerpen": EVERYONE}


def _student(demo, network: str) -> dict:
    return {"pk": (demo.emma if network == "limburg" else demo.lucas).pk}


def _internship(demo, network: str) -> dict:
    return {"pk": (demo.emma_internship if network == "limburg" else demo.lucas_internship).pk}


def _hold(demo, network: str) -> dict:
    from django.utils import timezone

    from retention.models import LegalHold

    student = demo.emma if network == "limburg" else demo.lucas
    hold = LegalHold.objects.create(network=student.school.network, student=student, reason="matrix", placed_at=timezone.now())
    return {"pk": hold.pk}


def _network(demo, network: str) -> dict:
    return {"slug": network}


ENTRIES = {
    # The coordinator's policy of their own network; an empty POST re-renders with errors (400).
    "retention:policy": Entry(rule="retention.policy", denied=403, post="same", post_ok_code=400),
    # The coordinator's preview (counts only). GET only.
    "retention:preview": Entry(rule="retention.policy", denied=403),
    # The school admin's items (names, dates) and holds of the own school. GET only.
    "retention:school": Entry(rule="retention.holds", denied=403),
    # The hold form on a student / an internship of the own school; an empty POST: 400 with the
    # reason's error. Who sees the object but may not place a hold: 403.
    "retention:student_hold": Entry(kwargs=_student, rule="retention.holds", obj="student", visible_rule="student.read",
                                    post="same", post_ok_code=400),
    "retention:internship_hold": Entry(kwargs=_internship, rule="retention.holds", obj="internship",
                                       visible_rule="internship.read", post="same", post_ok_code=400),
    # Lifting a hold on the own school's student: POST only (GET 405 for whoever may lift it).
    "retention:hold_lift": Entry(kwargs=_hold, rule="retention.holds", obj="student", ok_code=405, post="same",
                                 post_ok_code=302),
    # No rule: the privacy page is public (logged out too); logged in, /privacy/ sends a person to
    # their own network's page (302), logged out it lists the networks (200). GET only.
    "privacy_notice:index": Entry(ok=_ALL, ok_code=302, public=True),
    "privacy_notice:page": Entry(kwargs=_network, ok=_ALL, public=True),
}
