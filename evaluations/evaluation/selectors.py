"""Reads for midterm and final evaluations: the page's outline with each level and a hint, and
the history of changes."""

from __future__ import annotations

from catalogue.selectors import rating_outline
from evaluations.evaluation.models import Evaluation
from evaluations.feedback.models import FeedbackRating, FeedbackSheet


def outline(evaluation: Evaluation) -> tuple:
    """The clusters (with indicators) and levels of the evaluation's pinned catalogue version:
    what its form is built from (``forms.EvaluationForm``)."""
    return rating_outline(evaluation.internship.catalogue_version_id)


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


def evaluation_history(evaluation: Evaluation, *, limit: int = 100) -> list:
    """The evaluation's recorded changes, newest first."""
    return list(evaluation.history.select_related("history_user").order_by("-history_date")[:limit])
