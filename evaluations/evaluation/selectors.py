"""Reads for midterm and final evaluations: the page's outline with each level and a hint, and
the history of changes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalogue.selectors import rating_outline
from evaluations.evaluation.models import Evaluation
from evaluations.feedback.models import FeedbackRating, FeedbackSheet
from web.history import HistoryEntry, history_entries


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


MENTOR_PART_FIELDS = ("mentor_advice",)
SCHOOL_PART_FIELDS = ("school_assessment", "decision", "conversation_date", "conversation_present")


def evaluation_history(evaluation: Evaluation, *, rights, limit: int = 100) -> list[HistoryEntry]:
    """The evaluation's recorded changes, newest first, as ``web.history`` entries: who, when,
    which field from what to what; a correction's reason on its own. A part's texts before
    signing are left out for who reads that part only once it is signed
    (``rights.see_mentor_drafts``, ``rights.see_school_drafts``)."""
    hidden = (() if rights.see_mentor_drafts else MENTOR_PART_FIELDS) + (() if rights.see_school_drafts else SCHOOL_PART_FIELDS)
    return history_entries(
        evaluation.history.all(), exclude=("internship", "updated_by"), hidden=hidden,
        on_create=("kind", "number", "revision_of", "correction_reason"), reason_field="correction_reason", limit=limit,
    )


def conflict(current: Evaluation, typed: dict) -> dict:
    """What a stale save of ``typed`` (``EvaluationForm.save_arguments``) meets: who saved the
    evaluation last and when, and, in the parts that were sent, the texts stored now where they
    differ from what was typed (shown beside one's own text, which stays on the page) and the
    codes of the indicators whose stored level differs."""
    clusters, levels = rating_outline(current.internship.catalogue_version_id)
    indicators = {i.pk: i.code for cluster in clusters for i in cluster.indicators.all()}
    ratings = {r.indicator_id: r for r in current.ratings.all()}
    texts, differ = [], []

    def text(label, stored, posted):
        if (stored or "").strip() != (posted or "").strip():
            texts.append((label, stored or "–"))

    def levels_of(posted: dict, field: str):
        for pk, level in posted.items():
            if getattr(ratings.get(pk), field, None) != level and pk in indicators:
                differ.append(indicators[pk])

    mentor, school, own = typed.get("mentor_part"), typed.get("school_part"), typed.get("self_part")
    if mentor is not None:
        levels_of(mentor["levels"], "level_id")
        remarks = {r.cluster_id: r.remark for r in current.cluster_remarks.all()}
        for cluster in clusters:
            if cluster.pk in mentor["remarks"]:
                text(f"{cluster.code}. {cluster.title}", remarks.get(cluster.pk, ""), mentor["remarks"][cluster.pk])
        text(_("Advice of the mentor"), current.mentor_advice, mentor["advice"])
    if own is not None:
        levels_of(own["levels"], "student_level_id")
    if school is not None:
        text(_("Assessment of the school"), current.school_assessment, school["assessment"])
        if current.decision != school["decision"]:
            texts.append((_("Decision"), current.get_decision_display()))
        if current.conversation_date != school["conversation_date"]:
            texts.append((_("Date of the evaluation conversation"),
                          current.conversation_date.strftime("%d/%m/%Y") if current.conversation_date else "–"))
        text(_("Present"), current.conversation_present, school["conversation_present"])
    last = current.history.order_by("-history_date").values_list("history_date", flat=True).first()
    return {"evaluation": current, "who": current.updated_by, "at": last, "texts": texts, "levels_differ": differ}
