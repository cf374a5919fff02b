"""The progress grid of an internship: indicators (rows, by cluster) × time (shared feedback
sheets and signed evaluations), in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from catalogue.selectors import rating_outline
from evaluations.evaluation.models import EvaluationRating
from evaluations.feedback.models import FeedbackRating, FeedbackSheet
from internships.models import Internship


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
