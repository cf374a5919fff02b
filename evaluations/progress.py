"""Reads for evaluations, the progress grid and the group overview: fixed numbers of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalogue.selectors import rating_outline
from evaluations.models import Evaluation, EvaluationRating, FeedbackRating, FeedbackSheet
from internships.models import Internship, RequiredDocument


def evaluation_page(evaluation: Evaluation) -> dict:
    """The outline with, per indicator, the mentor's and the student's level and a hint: the
    last level observed on a shared feedback sheet."""
    internship = evaluation.internship
    clusters, levels = rating_outline(internship.catalogue_version_id)
    ratings = {r.indicator_id: r for r in evaluation.ratings.all()}
    remarks = {r.cluster_id: r.remark for r in evaluation.cluster_remarks.all()}
    hints = {}
    for rating in (
        FeedbackRating.objects.filter(sheet__internship=internship, sheet__status=FeedbackSheet.Status.SHARED, level__isnull=False)
        .select_related("level", "sheet")
        .order_by("sheet__date", "sheet__created_at")
    ):
        hints[rating.indicator_id] = (rating.level.value, rating.sheet.date)
    level_value = {lvl.pk: lvl.value for lvl in levels}
    for cluster in clusters:
        cluster.remark = remarks.get(cluster.pk, "")
        cluster.n_rated = 0
        for indicator in cluster.indicators.all():
            rating = ratings.get(indicator.pk)
            indicator.level_id = rating.level_id if rating else None
            indicator.student_level_id = rating.student_level_id if rating else None
            indicator.level_value = level_value.get(indicator.level_id)
            indicator.student_value = level_value.get(indicator.student_level_id)
            indicator.hint = hints.get(indicator.pk)
            cluster.n_rated += bool(indicator.level_id)
    revisions = list(internship.evaluations.filter(kind=evaluation.kind).order_by("number"))
    return {"clusters": clusters, "levels": levels, "revisions": revisions,
            "n_rated": sum(c.n_rated for c in clusters), "n_indicators": sum(len(c.indicators.all()) for c in clusters)}


def progress_grid(internship: Internship) -> dict:
    """Indicators (rows, by cluster) × time (shared sheets and signed evaluations)."""
    clusters, levels = rating_outline(internship.catalogue_version_id)
    sheets = list(internship.feedback_sheets.filter(status=FeedbackSheet.Status.SHARED).order_by("date", "created_at"))
    evaluations = list(internship.evaluations.filter(locked_at__isnull=False).order_by("locked_at"))
    columns = [("sheet", s.date, s) for s in sheets] + [("evaluation", e.locked_at.date(), e) for e in evaluations]
    columns.sort(key=lambda c: (c[1], c[0] == "evaluation"))
    cells = defaultdict(dict)
    for r in FeedbackRating.objects.filter(sheet__in=sheets, level__isnull=False).select_related("level"):
        cells[r.indicator_id][("sheet", r.sheet_id)] = r.level
    from evaluations.models import EvaluationRating

    for r in EvaluationRating.objects.filter(evaluation__in=evaluations, level__isnull=False).select_related("level"):
        cells[r.indicator_id][("evaluation", r.evaluation_id)] = r.level
    keys = [(kind, obj.pk) for kind, _d, obj in columns]
    never = 0
    for cluster in clusters:
        cluster.trend = []
        for key in keys:
            values = [cells[i.pk][key].value for i in cluster.indicators.all() if key in cells[i.pk]]
            cluster.trend.append(round(sum(values) / len(values), 1) if values else None)
        for indicator in cluster.indicators.all():
            indicator.row = [cells[indicator.pk].get(key) for key in keys]
            indicator.never = not any(indicator.row)
            never += indicator.never
    return {"clusters": clusters, "levels": levels, "columns": columns, "n_never": never}


def _per_internship(qs, aggregate, *, field="internship"):
    """``aggregate`` of ``qs`` for the outer internship, as a subquery (0 or None when empty)."""
    value = Subquery(qs.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(v=aggregate).values("v"))
    return Coalesce(value, 0) if isinstance(aggregate, Count) else value


def group_overview(group, *, visible) -> list[Internship]:
    """Each student's internship(s) of the group, with what a teacher needs to see at a glance,
    and the reasons to worry (at risk)."""
    today = timezone.localdate()
    internships = list(
        visible.filter(student__group=group)
        .exclude(status=Internship.Status.CLOSED)
        .select_related("student", "site", "mentor")
        .annotate(
            # Each figure is its own subquery: joining sheets, documents, evaluations and their
            # ratings in one query multiplied the rows (sheets × documents × ratings per student).
            last_feedback=_per_internship(FeedbackSheet.objects.filter(status="shared"), Max("date")),
            n_overdue=_per_internship(RequiredDocument.objects.filter(status="missing", due_date__lt=today), Count("pk")),
            n_insufficient=_per_internship(
                EvaluationRating.objects.filter(evaluation__kind="midterm", evaluation__locked_at__isnull=False,
                                                evaluation__corrected_by__isnull=True, level__is_sufficient=False),
                Count("pk"), field="evaluation__internship",
            ),
            n_midterm_locked=_per_internship(Evaluation.objects.filter(kind="midterm", locked_at__isnull=False), Count("pk")),
        )
        .order_by("student__last_name", "student__first_name")
    )
    for i in internships:
        i.risks = []
        started = i.status not in (Internship.Status.PLANNED, Internship.Status.INTAKE_DONE)
        if i.n_insufficient:
            i.risks.append("insufficient")
        if started and (i.last_feedback is None or i.last_feedback < today - timedelta(days=14)) and i.start_date < today - timedelta(days=14):
            i.risks.append("no_feedback")
        halfway = i.start_date + (i.end_date - i.start_date) / 2
        if started and not i.n_midterm_locked and today > halfway + timedelta(days=7):
            i.risks.append("midterm_overdue")
        if i.n_overdue:
            i.risks.append("documents")
    return internships
