"""The progress grid of an internship: indicators (rows, by cluster) × time (shared feedback
sheets and signed evaluations), in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from catalogue.selectors import rating_outline
from evaluations.evaluation.models import EvaluationRating
from evaluations.feedback.models import FeedbackRating, FeedbackSheet
from internships.models import Internship

#: Columns shown at a time: the most recent ones; earlier ones page by page, or all on request
#: (600 shared sheets made 1.5 MB of HTML; ADR 0021).
WINDOW = 16


def progress_grid(internship: Internship, *, page: int = 1, whole: bool = False) -> dict:
    """Indicators (rows, by cluster) × time (shared sheets and signed evaluations): the
    ``WINDOW`` most recent columns (``page`` 2 the ones before, …), every column with ``whole``.
    "Never observed" counts over the whole internship."""
    clusters, levels = rating_outline(internship.catalogue_version_id)
    sheets = list(internship.feedback_sheets.filter(status=FeedbackSheet.Status.SHARED)
                  .only("id", "date", "created_at", "internship_id").order_by("date", "created_at"))
    evaluations = list(internship.evaluations.filter(locked_at__isnull=False)
                       .only("id", "locked_at", "internship_id").order_by("locked_at"))
    columns = [("sheet", s.date, s) for s in sheets] + [("evaluation", e.locked_at.date(), e) for e in evaluations]
    columns.sort(key=lambda c: (c[1], c[0] == "evaluation"))
    n_columns = len(columns)
    pages = max(1, -(-n_columns // WINDOW))
    page = min(max(1, page), pages)
    if not whole and n_columns > WINDOW:
        end = n_columns - (page - 1) * WINDOW
        columns = columns[max(0, end - WINDOW):end]
    shown_sheets = [obj.pk for kind, _d, obj in columns if kind == "sheet"]
    shown_evaluations = [obj.pk for kind, _d, obj in columns if kind == "evaluation"]
    cells = defaultdict(dict)
    for r in FeedbackRating.objects.filter(sheet__in=shown_sheets, level__isnull=False).select_related("level"):
        cells[r.indicator_id][("sheet", r.sheet_id)] = r.level
    for r in EvaluationRating.objects.filter(evaluation__in=shown_evaluations, level__isnull=False).select_related("level"):
        cells[r.indicator_id][("evaluation", r.evaluation_id)] = r.level
    observed = set(FeedbackRating.objects.filter(sheet__in=[s.pk for s in sheets], level__isnull=False)
                   .values_list("indicator_id", flat=True).distinct())
    observed |= set(EvaluationRating.objects.filter(evaluation__in=[e.pk for e in evaluations], level__isnull=False)
                    .values_list("indicator_id", flat=True).distinct())
    keys = [(kind, obj.pk) for kind, _d, obj in columns]
    never = 0
    for cluster in clusters:
        cluster.trend = []
        for key in keys:
            values = [cells[i.pk][key].value for i in cluster.indicators.all() if key in cells[i.pk]]
            cluster.trend.append(round(sum(values) / len(values), 1) if values else None)
        for indicator in cluster.indicators.all():
            indicator.row = [cells[indicator.pk].get(key) for key in keys]
            indicator.never = indicator.pk not in observed
            never += indicator.never
    return {
        "clusters": clusters, "levels": levels, "columns": columns, "n_never": never,
        "n_columns": n_columns, "page": page, "pages": 1 if whole else pages, "whole": whole,
        "earlier": page + 1 if not whole and page < pages else None, "later": page - 1 if not whole and page > 1 else None,
    }
