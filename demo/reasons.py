"""Demo corrections and rejections that say why (issue #14), called by demo/region.py.

Idempotent: each is made once, through the services (so the histories and the timeline read as
they would in use), and left alone when it is there already.

- Emma (student@uniform.demo) logged a Friday she is not scheduled on; An Vermeulen (the demo
  mentor) rejected it and says why: Emma reads it beside the day.
- Sofie Peeters (the demo teacher) corrected the signed midterm evaluation of An's other intern
  in 7BKO-A, and says why: the mentor, the student and the teacher read it on the evaluation,
  in its history and on the timeline.
- Lotte Maes (the demo coach) sent a sheet of BKO De Speelboom (a site with coach review) back
  to its mentor, saying what to change: the mentor reads it on the sheet and on the home.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from evaluations.evaluation.services import evaluation_correct
from evaluations.feedback.services import sheet_review
from evaluations.models import Evaluation, FeedbackSheet
from internships.models import HourEntry, Internship
from internships.services import hours_decide
from tenancy.models import User

HOURS_REASON = "Op vrijdag sta je niet op het uurrooster en je was die dag niet in de opvang. Bedoel je donderdag? Geef die dag dan opnieuw in."
CORRECTION_REASON = (
    "Bij de beslissing stond de datum van het evaluatiegesprek verkeerd: het gesprek vond een week later plaats, "
    "met de stagiair, de mentor en mij. Ik pas de datum aan; de beoordeling blijft dezelfde."
)
SENT_BACK_REASON = (
    "Bij de werkpunten staat nog niet wat {name} concreet kan oefenen. Schrijf er een voorbeeld uit de leefgroep bij, "
    "bv. hoe {name} het opruimen na het vieruurtje aankondigt."
)


def seed_reasons() -> None:
    _rejected_day()
    _corrected_evaluation()
    _sent_back_sheet()


def _rejected_day() -> None:
    emma = Internship.objects.filter(student__user__email="student@uniform.demo").select_related("mentor").first()
    if emma is None or emma.mentor is None or emma.hour_entries.filter(status=HourEntry.Status.REJECTED).exists():
        return
    friday = timezone.localdate() - timedelta(days=2)
    while friday.weekday() != 4:
        friday -= timedelta(days=1)
    if not emma.start_date <= friday <= emma.end_date or emma.hour_entries.filter(date=friday).exists():
        return
    entry = HourEntry.objects.create(internship=emma, date=friday, hours=Decimal("8"), logged_by=emma.student.user,
                                     note="Extra dag: geholpen bij het ouderfeest", status=HourEntry.Status.PROPOSED)
    entry.history.update(history_user=emma.student.user)
    hours_decide(entry=entry, by=emma.mentor, confirm=False, reason=HOURS_REASON)
    entry.history.filter(history_user__isnull=True).update(history_user=emma.mentor)


def _corrected_evaluation() -> None:
    teacher = User.objects.filter(email="teacher@uniform.demo").first()
    locked = (
        Evaluation.objects.filter(
            internship__teacher=teacher, internship__mentor__email="mentor@uniform.demo", kind=Evaluation.Kind.MIDTERM,
            internship__status=Internship.Status.MIDTERM, locked_at__isnull=False,
        )
        .exclude(internship__student__user__email="student@uniform.demo")
        .order_by("internship__student__last_name")
        .first()
    )
    if teacher is None or locked is None or Evaluation.objects.filter(internship=locked.internship, revision_of__isnull=False).exists():
        return
    correction = evaluation_correct(evaluation=locked, by=teacher, reason=CORRECTION_REASON)
    correction.history.update(history_user=teacher)


def _sent_back_sheet() -> None:
    coach = User.objects.filter(email="coach@uniform.demo").first()
    sheet = (
        FeedbackSheet.objects.filter(internship__site__name="BKO De Speelboom", internship__site__coach_review=True,
                                     internship__school__network__slug="limburg", status=FeedbackSheet.Status.IN_REVIEW)
        .select_related("internship__student").order_by("internship__student__last_name", "date").first()
    )
    if coach is None or sheet is None or FeedbackSheet.objects.filter(
        internship__site__name="BKO De Speelboom", status=FeedbackSheet.Status.DRAFT, reviewed_at__isnull=False,
    ).exists():
        return
    before = sheet.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
    sheet_review(sheet=sheet, by=coach, comment=SENT_BACK_REASON.format(name=sheet.internship.student.first_name), approve=False)
    sheet.history.filter(history_id__gt=before).update(history_user=coach)
