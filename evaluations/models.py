"""The tables of the evaluations app. Each package defines its own (feedback/, activities/,
evaluation/; progress/ has none); Django finds the models here, their app_label stays
``evaluations``, so no table and no migration moves."""

from evaluations.activities.models import ActivityEntry
from evaluations.evaluation.models import (
    Evaluation,
    EvaluationClusterRemark,
    EvaluationRating,
    LockedEvaluationError,
    SignatureWithdrawal,
)
from evaluations.feedback.models import MAX_REMARK, MAX_TEXT, FeedbackAddendum, FeedbackRating, FeedbackSheet, SheetRead

__all__ = [
    "MAX_REMARK", "MAX_TEXT", "ActivityEntry", "Evaluation", "EvaluationClusterRemark", "EvaluationRating",
    "FeedbackAddendum", "FeedbackRating", "FeedbackSheet", "LockedEvaluationError", "SheetRead", "SignatureWithdrawal",
]
