"""Writes for midterm and final evaluations: start, save each person's part (no lost update),
sign with the password, lock, correct with a new revision."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from catalogue.models import Cluster, Indicator, RatingLevel
from evaluations.evaluation.models import Evaluation, EvaluationClusterRemark, EvaluationRating, SignatureWithdrawal
from evaluations.evaluation.selectors import ROLES, content_digest, evaluation_content, evaluation_snapshot
from evaluations.feedback.services import clean_text
from internships.models import Internship
from internships.services import event, internship_transition
from notifications import events as notification_events


class EvaluationConflict(Exception):
    def __init__(self, current: Evaluation):
        super().__init__("conflict")
        self.current = current


@transaction.atomic
def evaluation_start(*, internship: Internship, kind: str, by) -> Evaluation:
    """The current revision of this kind, or a new, empty one."""
    if kind not in Evaluation.Kind.values:
        raise ValidationError(_("Unknown kind of evaluation."))
    latest = internship.evaluations.filter(kind=kind).order_by("-number").first()
    if latest is not None:
        return latest
    evaluation = Evaluation(internship=internship, kind=kind, updated_by=by)
    evaluation.full_clean()
    evaluation.save()
    event(internship, by, "evaluation", _("%(kind)s started.") % {"kind": evaluation.get_kind_display().capitalize()})
    return evaluation


def _levels(evaluation) -> dict[int, RatingLevel]:
    return {lvl.pk: lvl for lvl in RatingLevel.objects.filter(scale__version_id=evaluation.internship.catalogue_version_id)}


def _indicator_ids(evaluation) -> set[int]:
    return set(Indicator.objects.filter(version_id=evaluation.internship.catalogue_version_id).values_list("pk", flat=True))


# --------------------------------------------------------------------------- signatures and content


def _withdraw(obj: Evaluation, role: str, *, by, reason: str, link: str = "") -> SignatureWithdrawal:
    """Take back the ``role``'s signature because what it signed changed: recorded (the page
    shows it until they sign again), on the timeline, and mailed to the signer."""
    signer, signed_at = getattr(obj, f"{role}_signed_by"), getattr(obj, f"{role}_signed_at")
    withdrawal = SignatureWithdrawal.objects.create(
        evaluation=obj, role=role, signer=signer, signed_at=signed_at, digest=getattr(obj, f"{role}_signed_digest"),
        withdrawn_by=by, reason=reason[:300],
    )
    setattr(obj, f"{role}_signed_by", None)
    setattr(obj, f"{role}_signed_at", None)
    setattr(obj, f"{role}_signed_digest", "")
    event(obj.internship, by, "evaluation", _("Signature of %(who)s on the %(kind)s withdrawn: what it signed changed.")
          % {"who": signer, "kind": obj.get_kind_display()})
    # Both signers are told (in the app, and by mail after the commit), in their own language.
    notification_events.signature_withdrawn(withdrawal, by=by)
    return withdrawal


def _names_changed() -> str:
    return _("What the evaluation shows (a name, the site or the catalogue) changed after the signature.")


def _check_signatures(obj: Evaluation, content: dict, *, by, reason: str, before: dict | None = None, link: str = "") -> list[str]:
    """Withdraw every signature whose digest is no longer the digest of what it covers. With
    ``before`` (the content before this change): a signature that did not match even then is
    withdrawn for what changed elsewhere (a name…), not for this change."""
    withdrawn = []
    for role in ROLES:
        digest = getattr(obj, f"{role}_signed_digest")
        if getattr(obj, f"{role}_signed_at") and digest != content_digest(content, role):
            why = _names_changed() if before is not None and digest != content_digest(before, role) else reason
            _withdraw(obj, role, by=by, reason=why, link=link)
            withdrawn.append(role)
    return withdrawn


def _lock(obj: Evaluation, content: dict, at) -> None:
    """Lock: only with both signatures, each over exactly the content it covers now."""
    for role in ROLES:
        if not getattr(obj, f"{role}_signed_at") or getattr(obj, f"{role}_signed_digest") != content_digest(content, role):
            raise ValidationError(_("A signature does not match the evaluation's content; nothing was locked."))
    obj.locked_at = at
    obj.snapshot = evaluation_snapshot(obj, content)


@transaction.atomic
def evaluation_record_signed(*, evaluation: Evaluation, mentor, teacher, at, outline: tuple | None = None) -> Evaluation:
    """An evaluation signed on paper by both (the demo region, an import): both signatures over
    its content as it is now, locked, with its snapshot. ``outline``: ``rating_outline`` of its
    catalogue version, for a caller that records many."""
    obj = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related(  # everything the names of its content need, in the same query
            "internship__student__group", "internship__school__network", "internship__site__organisation",
            "internship__catalogue_version__programme", "internship__mentor", "internship__teacher",
        )
        .get(pk=evaluation.pk)
    )
    content = evaluation_content(obj, outline)
    for role, who in (("mentor", mentor), ("teacher", teacher)):
        setattr(obj, f"{role}_signed_by", who)
        setattr(obj, f"{role}_signed_at", at)
        setattr(obj, f"{role}_signed_digest", content_digest(content, role))
    _lock(obj, content, at)
    obj.save()
    return obj


@transaction.atomic
def evaluation_save(
    *, evaluation: Evaluation, by, revision: int | None, mentor_part: dict | None = None,
    school_part: dict | None = None, self_part: dict | None = None, link: str = "",
) -> Evaluation:
    """Save the parts the caller may change (the view checks who may change which part).
    A change to what a signature covers withdraws that signature (``obj.withdrawn``: the roles);
    the student's self-assessment closes with the first signature. ``link``: the page, for the mail.

    mentor_part: {"levels": {indicator_id: level_id|None}, "remarks": {cluster_id: text}, "advice": str}
    school_part: {"assessment": str, "decision": str, "conversation_date": date|None, "conversation_present": str}
    self_part:   {"levels": {indicator_id: level_id|None}}
    """
    obj = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if obj.locked_at:
        raise ValidationError(_("This evaluation is signed and locked; make a correction instead."))
    if revision is None:
        raise ValidationError(_("This page is out of date; reload it and make your change again."))
    if obj.revision != revision:
        raise EvaluationConflict(obj)
    levels, indicator_ids = _levels(obj), _indicator_ids(obj)
    before = evaluation_content(obj) if obj.mentor_signed_at or obj.teacher_signed_at else None

    def check_levels(posted: dict) -> dict:
        if set(posted) - indicator_ids:
            raise ValidationError(_("An indicator of another catalogue version was sent; reload the page."))
        if any(lvl is not None and lvl not in levels for lvl in posted.values()):
            raise ValidationError(_("A level that is not on the scale of this catalogue was sent; reload the page."))
        return posted

    existing = {r.indicator_id: r for r in obj.ratings.all()}
    changed: dict[int, EvaluationRating] = {}
    if mentor_part is not None:
        if obj.mentor_signed_at:
            raise ValidationError(_("The mentor signed already; the mentor's part does not change any more."))
        for indicator_id, level_id in check_levels(mentor_part.get("levels", {})).items():
            rating = existing.get(indicator_id) or EvaluationRating(evaluation=obj, indicator_id=indicator_id)
            rating.level_id = level_id
            changed[indicator_id] = rating
        cluster_ids = set(Cluster.objects.filter(version_id=obj.internship.catalogue_version_id).values_list("pk", flat=True))
        remarks = mentor_part.get("remarks", {})
        if set(remarks) - cluster_ids:
            raise ValidationError(_("A cluster of another catalogue version was sent; reload the page."))
        current = {r.cluster_id: r for r in obj.cluster_remarks.all()}
        for cluster_id, text in remarks.items():
            text = clean_text(text, _("Remark"))
            remark = current.get(cluster_id)
            if remark is None and text:
                EvaluationClusterRemark.objects.create(evaluation=obj, cluster_id=cluster_id, remark=text)
            elif remark is not None and remark.remark != text:
                remark.remark = text
                remark.save()
        obj.mentor_advice = clean_text(mentor_part.get("advice", obj.mentor_advice), _("Advice"))
    if self_part is not None:
        if obj.mentor_signed_at or obj.teacher_signed_at:
            raise ValidationError(_("The evaluation is being signed; the self-assessment does not change any more."))
        for indicator_id, level_id in check_levels(self_part.get("levels", {})).items():
            rating = changed.get(indicator_id) or existing.get(indicator_id) or EvaluationRating(evaluation=obj, indicator_id=indicator_id)
            rating.student_level_id = level_id
            changed[indicator_id] = rating
    if school_part is not None:
        if obj.teacher_signed_at:
            raise ValidationError(_("The teacher signed already; the school's part does not change any more."))
        decision = school_part.get("decision", "")
        if decision not in Evaluation.Decision.values:
            raise ValidationError(_("Unknown decision."))
        obj.school_assessment = clean_text(school_part.get("assessment", ""), _("Assessment"))
        obj.decision = decision
        conversation = school_part.get("conversation_date")
        internship = obj.internship
        if conversation and not (internship.start_date - timedelta(days=60) <= conversation <= internship.end_date + timedelta(days=120)):
            raise ValidationError(_("The date of the evaluation conversation is far from the internship period; check it."))
        obj.conversation_date = conversation
        obj.conversation_present = clean_text(school_part.get("conversation_present", ""), _("Present"))[:300]
    # In bulk: the evaluation row is locked and checked unlocked above (and on PostgreSQL the
    # trigger guards every row), so the per-row save() guard would only repeat that query.
    EvaluationRating.objects.bulk_create([r for r in changed.values() if r.pk is None])
    EvaluationRating.objects.bulk_update([r for r in changed.values() if r.pk is not None], ["level", "student_level"])
    obj.withdrawn = []
    if obj.mentor_signed_at or obj.teacher_signed_at:
        part = _("the mentor's part") if mentor_part is not None else _("the school's part")
        obj.withdrawn = _check_signatures(obj, evaluation_content(obj), by=by, link=link, before=before,
                                          reason=_("%(who)s changed %(part)s after the signature.") % {"who": by, "part": part})
    obj.updated_by = by
    obj.revision += 1
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def evaluation_sign(
    *, evaluation: Evaluation, by, password: str = "", as_role: str, revision: int | None = None, confirmed_by_code: bool = False,
) -> Evaluation:
    """Sign as mentor or as (school) teacher, confirmed with the password, or, for a person who
    logs in by emailed code and has no password, with a code just mailed and typed in
    (``confirmed_by_code``: the view lets allauth's reauthentication check it). When both
    signed, the evaluation is locked and the internship moves on (midterm or final evaluated)."""
    if by.has_usable_password():
        if not by.check_password(password or ""):
            raise ValidationError(_("The password is not right; nothing was signed."))
    elif not confirmed_by_code:
        raise ValidationError(_("Confirm with a login code to sign."))
    obj = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if obj.locked_at:
        raise ValidationError(_("This evaluation is signed already."))
    if revision is not None and obj.revision != revision:
        # One signs what one saw: somebody changed it since the page was opened.
        raise ValidationError(_("The evaluation changed since you opened it; read it again, then sign. Nothing was signed."))
    now = timezone.now()
    content = evaluation_content(obj)
    if as_role == "mentor":
        if obj.mentor_signed_at:
            raise ValidationError(_("The mentor signed already."))
        if not obj.ratings.filter(level__isnull=False).exists():
            raise ValidationError(_("Rate the indicators before you sign."))
        obj.mentor_signed_by, obj.mentor_signed_at = by, now
        obj.mentor_signed_digest = content_digest(content, "mentor")
    elif as_role == "teacher":
        if obj.teacher_signed_at:
            raise ValidationError(_("The teacher signed already."))
        if not obj.decision:
            raise ValidationError(_("Record the school's decision before you sign."))
        obj.teacher_signed_by, obj.teacher_signed_at = by, now
        obj.teacher_signed_digest = content_digest(content, "teacher")
    else:
        raise ValidationError(_("Unknown signature."))
    # The other signature covers what it covered when it was given; if that changed since
    # (a name, the site, the catalogue's texts), it is withdrawn and nothing locks.
    obj.withdrawn = _check_signatures(obj, content, by=by, reason=_names_changed())
    obj.revision += 1
    locking = bool(obj.mentor_signed_at and obj.teacher_signed_at)
    if locking:
        _lock(obj, content, now)
    obj.save()
    event(obj.internship, by, "evaluation", _("%(kind)s signed by %(who)s.") % {"kind": obj.get_kind_display().capitalize(), "who": by})
    notification_events.evaluation_signed(obj, by=by, locked=locking)
    if locking:
        event(obj.internship, by, "evaluation", _("%(kind)s signed by both and locked.") % {"kind": obj.get_kind_display().capitalize()})
        target = Internship.Status.MIDTERM if obj.kind == Evaluation.Kind.MIDTERM else Internship.Status.FINAL
        internship = obj.internship
        if target in _next(internship.status):
            internship_transition(internship=internship, to=target, by=by, manual=False)
    return obj


def _next(status: str) -> set:
    from internships.services import TRANSITIONS

    return TRANSITIONS.get(status, set())


@transaction.atomic
def evaluation_correct(*, evaluation: Evaluation, by, reason: str) -> Evaluation:
    """A correction of a signed evaluation: a new, unsigned revision with the same content that
    refers to the old one and says why it was made (``reason``, required: the mentor, the
    teacher and the student read it on the evaluation, in its history and on the timeline).
    Both stay visible; the old one never changes."""
    reason = clean_text(reason or "", _("Reason"))
    if not reason:
        raise ValidationError(_("Say why the signed evaluation needs a correction."))
    old = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not old.locked_at:
        raise ValidationError(_("Only a signed evaluation gets a correction; this one can still be edited."))
    if Evaluation.objects.filter(revision_of=old).exists():
        raise ValidationError(_("This evaluation has a correction already."))
    new = Evaluation.objects.create(
        internship=old.internship, kind=old.kind, number=old.number + 1, revision_of=old,
        mentor_advice=old.mentor_advice, school_assessment=old.school_assessment, decision=old.decision,
        conversation_date=old.conversation_date, conversation_present=old.conversation_present, updated_by=by,
        correction_reason=reason,
    )
    EvaluationRating.objects.bulk_create(
        EvaluationRating(evaluation=new, indicator_id=r.indicator_id, level_id=r.level_id, student_level_id=r.student_level_id)
        for r in old.ratings.all()
    )
    EvaluationClusterRemark.objects.bulk_create(
        EvaluationClusterRemark(evaluation=new, cluster_id=r.cluster_id, remark=r.remark) for r in old.cluster_remarks.all()
    )
    text = _("Correction of the %(kind)s started (revision %(n)s). Reason: %(reason)s") % {
        "kind": old.get_kind_display(), "n": new.number, "reason": reason}
    event(old.internship, by, "evaluation", Truncator(" ".join(text.split())).chars(300))
    return new


def reseal_after_purge(evaluations) -> None:
    """After erasure or the retention job changed a signed evaluation's content (inside
    ``audit.purge.guards_lifted()``): the snapshot's and the columns' digests are those of the
    new content, so the page does not call the evaluation tampered with (ADR 0011, 0023, 0024).
    Nobody else may call this: it is what makes a change to signed content look signed."""
    from evaluations.evaluation.selectors import ROLES, content_digest, evaluation_content
    from evaluations.models import Evaluation

    for evaluation in evaluations:
        updates = {}
        if evaluation.is_locked and evaluation.snapshot:
            content = evaluation.snapshot["content"]
            for role in ROLES:
                if role in evaluation.snapshot.get("signatures", {}):
                    digest = content_digest(content, role)
                    evaluation.snapshot["signatures"][role]["digest"] = digest
                    updates[f"{role}_signed_digest"] = digest
            updates["snapshot"] = evaluation.snapshot
        else:
            fresh = Evaluation.objects.select_related(
                "internship__student__group", "internship__school__network", "internship__site__organisation",
                "internship__catalogue_version__programme", "internship__mentor", "internship__teacher", "revision_of",
            ).get(pk=evaluation.pk)
            content = evaluation_content(fresh)
            for role in ROLES:
                if getattr(fresh, f"{role}_signed_digest"):
                    updates[f"{role}_signed_digest"] = content_digest(content, role)
        if updates:
            Evaluation.objects.filter(pk=evaluation.pk).update(**updates)
