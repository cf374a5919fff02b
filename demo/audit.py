"""Demo access audit (issue 16, ADR 0022), called by demo/region.py after everything else.

Emma's pages as the people around her opened them since her internship started: the mentor
most days, the teacher and the coach now and then (a sheet, the progress grid, an evaluation,
the dossier PDF), the school admin her record, Emma herself her sheets. The times hang on the
internship's start date (fixed once seeded), and a row already there is not written again:
running the seed twice adds nothing (the table is append-only, so idempotence is by looking).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from evaluations.models import Evaluation, FeedbackSheet
from internships.models import Internship
from tenancy.models import Role, User

W = AccessEvent.What

#: (days after the start, hh:mm, login, role, what)
PLAN = [
    (0, "08:40", "mentor@uniform.demo", Role.MENTOR, W.INTERNSHIP),
    (0, "15:10", "teacher@uniform.demo", Role.TEACHER, W.INTERNSHIP),
    (1, "09:05", "schooladmin@uniform.demo", Role.SCHOOL_ADMIN, W.RECORD),
    (2, "16:30", "mentor@uniform.demo", Role.MENTOR, W.SHEET),
    (3, "19:45", "student@uniform.demo", Role.STUDENT, W.SHEET),
    (4, "10:15", "coach@uniform.demo", Role.COACH, W.SHEET),
    (5, "13:20", "mentor@uniform.demo", Role.MENTOR, W.ACTIVITIES),
    (7, "11:00", "teacher@uniform.demo", Role.TEACHER, W.PROGRESS),
    (8, "14:05", "teacher@uniform.demo", Role.TEACHER, W.SHEET),
    (9, "16:45", "mentor@uniform.demo", Role.MENTOR, W.SHEET),
    (11, "09:30", "coach@uniform.demo", Role.COACH, W.INTERNSHIP),
    (12, "10:50", "teacher@uniform.demo", Role.TEACHER, W.EVALUATION),
    (14, "15:55", "mentor@uniform.demo", Role.MENTOR, W.EVALUATION),
    (15, "20:10", "student@uniform.demo", Role.STUDENT, W.PROGRESS),
    (16, "12:35", "teacher@uniform.demo", Role.TEACHER, W.PDF),
    (17, "08:55", "schooladmin@uniform.demo", Role.SCHOOL_ADMIN, W.INTERNSHIP),
    (18, "16:20", "mentor@uniform.demo", Role.MENTOR, W.SHEET),
    (19, "10:05", "coach@uniform.demo", Role.COACH, W.PROGRESS),
]


def _target(what, internship, sheet, evaluation) -> tuple[str, str]:
    """(object_id, path) as the instrumented view would write them."""
    i = internship.pk
    if what == W.RECORD:
        return "", reverse("schools:student", args=[internship.student_id])
    if what == W.SHEET and sheet is not None:
        return str(sheet.pk), reverse("feedback:sheet_detail", args=[i, sheet.pk])
    if what == W.EVALUATION and evaluation is not None:
        return str(evaluation.pk), reverse("evaluations:evaluation_detail", args=[i, evaluation.pk])
    if what == W.PROGRESS:
        return "", reverse("progress:progress_detail", args=[i])
    if what == W.ACTIVITIES:
        return "", reverse("activities:activity_list", kwargs={"internship_pk": i})
    if what == W.PDF:
        return "dossier", reverse("reports:dossier", args=[i])
    return "", reverse("internships:detail", args=[i])


def seed_audit() -> None:
    internship = (
        Internship.objects.filter(student__user__email="student@uniform.demo").select_related("school", "student").first()
    )
    if internship is None:
        return
    users = {u.email: u for u in User.objects.filter(email__in={row[2] for row in PLAN})}
    sheet = FeedbackSheet.objects.filter(internship=internship, status="shared").order_by("date").first()
    evaluation = Evaluation.objects.filter(internship=internship).order_by("number").first()
    now = timezone.now()
    have = set(AccessEvent.objects.filter(student_id=internship.student_id).values_list("user_id", "what", "at"))
    rows = []
    for days, hhmm, login, role, what in PLAN:
        user = users.get(login)
        if user is None or (what == W.SHEET and sheet is None) or (what == W.EVALUATION and evaluation is None):
            continue
        hour, minute = (int(part) for part in hhmm.split(":"))
        at = timezone.make_aware(datetime.combine(internship.start_date + timedelta(days=days), time(hour, minute)))
        if at >= now or (user.pk, what, at) in have:
            continue
        object_id, path = _target(what, internship, sheet, evaluation)
        rows.append(AccessEvent(
            at=at, network_id=internship.school.network_id, user=user, role=role, student_id=internship.student_id,
            internship=None if what == W.RECORD else internship, what=what, object_id=object_id, path=path,
        ))
    AccessEvent.objects.bulk_create(rows)
