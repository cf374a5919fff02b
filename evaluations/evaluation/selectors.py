"""Reads for midterm and final evaluations: the page's outline with each level and a hint, and
the history of changes."""

from __future__ import annotations

import hashlib
import json

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from catalogue.selectors import rating_outline
from evaluations.evaluation.models import Evaluation
from evaluations.feedback.models import FeedbackRating, FeedbackSheet
from evaluations.feedback.selectors import (
    Rows,
    Shown,
    _date,
    _iso,
    _moment,
    internship_names,
    levels_content,
    names_shown,
)
from web.history import HistoryEntry, history_entries


def outline(evaluation: Evaluation) -> tuple:
    """The clusters (with indicators) and levels of the evaluation's pinned catalogue version:
    what its form is built from (``forms.EvaluationForm``)."""
    return rating_outline(evaluation.internship.catalogue_version_id)


def _hints(internship, key: str = "indicator__code") -> dict:
    """Per indicator (its code, or ``key="indicator_id"``), the last level observed on a shared
    feedback sheet and that sheet's date. One row per indicator: a window numbers each
    indicator's ratings newest sheet first; reading every rating with its sheet made a model and
    decoded the sheet's snapshot (JSON) per rating, ~10 ms for 17 sheets and growing with
    every sheet of the internship (issue 21)."""
    newest_first = Window(RowNumber(), partition_by=[F(key)], order_by=[F("sheet__date").desc(), F("sheet__created_at").desc()])
    latest = (
        FeedbackRating.objects.filter(sheet__internship=internship, sheet__status=FeedbackSheet.Status.SHARED, level__isnull=False)
        .annotate(newest=newest_first).filter(newest=1).values_list(key, "level__value", "sheet__date")
    )
    return {indicator: (value, on) for indicator, value, on in latest}


def evaluation_page(evaluation: Evaluation) -> dict:
    """The outline with, per indicator, the mentor's and the student's level and a hint: the
    last level observed on a shared feedback sheet. A locked evaluation shows what was stored
    when it was locked (``shown``: names, catalogue texts, levels, texts, signatures)."""
    internship = evaluation.internship
    document = evaluation_document(evaluation)
    revisions = list(internship.evaluations.filter(kind=evaluation.kind).order_by("number"))
    if evaluation.is_locked and evaluation.snapshot:
        hints = _hints(internship)
        for cluster in document["clusters"]:
            for indicator in cluster.indicators.all():
                indicator["hint"] = hints.get(indicator.code)
        return {**document, "revisions": revisions}
    clusters, levels = rating_outline(internship.catalogue_version_id)
    ratings = {r.indicator_id: r for r in evaluation.ratings.all()}
    remarks = {r.cluster_id: r.remark for r in evaluation.cluster_remarks.all()}
    hints = _hints(internship, key="indicator_id")
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
    return {"clusters": clusters, "levels": levels, "revisions": revisions, "shown": document["shown"],
            "signatures": document["signatures"], "signature_rows": document["signature_rows"], "withdrawals": document["withdrawals"],
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

# --------------------------------------------------------------------------- what is signed
# Each signature stores the SHA-256 of the canonical JSON of what it signed; the evaluation
# locks only when every signature's digest is the digest of its content at that moment, and
# the locked evaluation keeps that content (``snapshot``) to be shown from (ADR 0011).

#: What each signature covers: the mentor signs what the mentor sees and answers for (names,
#: catalogue texts, every level, the cluster remarks, the advice); the school signs all of it
#: and its own assessment and decision.
SCOPES = {"mentor": ("schema", "names", "kind", "number", "revision_of", "correction_reason", "levels", "clusters", "advice"),
          "teacher": ("schema", "names", "kind", "number", "revision_of", "correction_reason", "levels", "clusters", "advice",
                      "school")}
ROLES = ("mentor", "teacher")


def evaluation_content(evaluation: Evaluation, outline: tuple | None = None) -> dict:
    """The evaluation's content as JSON: names as shown, the catalogue's texts and scale, every
    indicator's level (mentor and student, by level value), the cluster remarks, the advice, and
    the school's assessment, decision and conversation. Ratings and remarks come from the
    tables, the evaluation's own fields from ``evaluation`` as it is in memory. ``outline``:
    ``rating_outline`` of its catalogue version, when the caller has it already."""
    internship = evaluation.internship
    clusters, levels = outline or rating_outline(internship.catalogue_version_id)
    value = {lvl.pk: lvl.value for lvl in levels}
    ratings = {r.indicator_id: r for r in evaluation.ratings.all()}
    remarks = {r.cluster_id: r.remark for r in evaluation.cluster_remarks.all()}
    return {
        "schema": 1,
        "names": internship_names(internship),
        "kind": evaluation.kind,
        "number": evaluation.number,
        "revision_of": evaluation.revision_of.number if evaluation.revision_of_id else None,
        "correction_reason": evaluation.correction_reason,
        "levels": levels_content(levels),
        "clusters": [
            {"code": c.code, "title": c.title, "remark": remarks.get(c.pk, ""), "indicators": [
                {"code": i.code, "text": i.text,
                 "level": value.get(ratings[i.pk].level_id) if i.pk in ratings else None,
                 "self": value.get(ratings[i.pk].student_level_id) if i.pk in ratings else None}
                for i in c.indicators.all()
            ]}
            for c in clusters
        ],
        "advice": evaluation.mentor_advice,
        "school": {
            "assessment": evaluation.school_assessment, "decision": evaluation.decision,
            "conversation_date": _iso(evaluation.conversation_date), "conversation_present": evaluation.conversation_present,
        },
    }


def content_digest(content: dict, role: str) -> str:
    """SHA-256 (hex) of the canonical JSON (sorted keys, no spaces, UTF-8) of the part of
    ``content`` that the ``role``'s signature covers."""
    scope = {key: content[key] for key in SCOPES[role]}
    canonical = json.dumps(scope, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def short_digest(digest: str) -> str:
    """The digest's short form shown beside a signature: its first 12 hex digits in groups of 4."""
    return " ".join(digest[i:i + 4] for i in range(0, 12, 4)) if digest else ""


def signatures_content(evaluation: Evaluation) -> dict:
    out = {}
    for role in ROLES:
        at = getattr(evaluation, f"{role}_signed_at")
        if at:
            by = getattr(evaluation, f"{role}_signed_by")
            out[role] = {"name": str(by), "at": at.isoformat(), "digest": getattr(evaluation, f"{role}_signed_digest")}
    return out


def evaluation_snapshot(evaluation: Evaluation, content: dict) -> dict:
    return {"content": content, "signatures": signatures_content(evaluation)}


def evaluation_document(evaluation: Evaluation) -> dict:
    """What the PDF (and a locked evaluation's page) shows: a locked evaluation from its
    snapshot, any other from the tables; each signature with its digest and whether that still
    is the digest of what it covers (always, once locked)."""
    stored = evaluation.snapshot if evaluation.is_locked and evaluation.snapshot else None
    content = stored["content"] if stored else evaluation_content(evaluation)
    signed = stored["signatures"] if stored else signatures_content(evaluation)
    levels = [Shown(lvl) for lvl in content["levels"]]
    clusters = []
    for c in content["clusters"]:
        indicators = Rows(Shown(code=i["code"], text=i["text"], level_value=i["level"], student_value=i["self"])
                          for i in c["indicators"])
        clusters.append(Shown(code=c["code"], title=c["title"], remark=c["remark"], indicators=indicators,
                              n_rated=sum(1 for i in indicators if i.level_value)))
    school = content["school"]
    shown = Shown(
        names=names_shown(content["names"]), kind=content["kind"], number=content["number"], revision_of=content["revision_of"],
        correction_reason=content["correction_reason"],
        advice=content["advice"], assessment=school["assessment"], decision=school["decision"],
        decision_label=Evaluation.Decision(school["decision"]).label if school["decision"] else "",
        conversation_date=_date(school["conversation_date"]), conversation_present=school["conversation_present"],
    )
    signatures = {}
    for role in ROLES:
        if role in signed:
            digest = signed[role]["digest"]
            signatures[role] = Shown(name=signed[role]["name"], at=_moment(signed[role]["at"]), digest=digest,
                                     short=short_digest(digest), current=digest == content_digest(content, role))
    labels = {"mentor": _("Mentor"), "teacher": _("School")}
    rows = [Shown(role=role, label=labels[role], signature=signatures.get(role)) for role in ROLES]
    return {"shown": shown, "clusters": clusters, "levels": levels, "signatures": signatures, "signature_rows": rows,
            "withdrawals": [] if stored else list(evaluation.withdrawals.select_related("signer", "withdrawn_by")),
            "n_rated": sum(c.n_rated for c in clusters), "n_indicators": sum(len(c.indicators) for c in clusters)}
