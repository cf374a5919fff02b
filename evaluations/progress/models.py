"""The progress grid has no tables of its own: it reads the feedback sheets' ratings
(evaluations.feedback.models) and the signed evaluations' (evaluations.evaluation.models)."""
