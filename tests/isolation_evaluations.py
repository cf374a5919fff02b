"""Access-matrix entries for the feedback sheet URLs (merged into tests/test_isolation.py).

Objects: Emma's (Limburg) and Lucas's (Antwerpen) feedback sheets. A draft is the mentor's
alone (no coach review at their sites); a shared sheet is seen by everyone who sees the
internship; a sheet with the coach by the mentor, the coach and the organisation's admin.
"""

from django.utils import timezone

from tests.isolation_support import Entry


def _internship(demo, network):
    return demo.emma_internship if network == "limburg" else demo.lucas_internship


def _sheet(demo, network, status):
    from evaluations.models import FeedbackSheet

    internship = _internship(demo, network)
    sheet = internship.feedback_sheets.filter(status=status).order_by("date").first()
    if sheet is None:  # a sheet with the coach: made here, the demo's sites have no review on
        sheet = FeedbackSheet.objects.create(
            internship=internship, author=internship.mentor, date=timezone.localdate(), status=status,
            submitted_at=timezone.now(), strengths="Matrix",
        )
    return {"pk": sheet.pk}


def _under(kwargs):
    """The kwargs of a URL under the internship: its internship_pk, then the object's."""
    return lambda demo, net: {"internship_pk": _internship(demo, net).pk, **kwargs(demo, net)}


def _post_only(kwargs, rule, visible_rule, post_ok_code=302):
    return Entry(kwargs=kwargs, rule=rule, obj="internship", ok_code=405, denied=405, visible_rule=visible_rule,
                 visible_get=405, visible_post=403, post="same", post_ok_code=post_ok_code, post_denied=404)


ENTRIES = {
    "feedback:sheet_new": _post_only(lambda demo, net: {"internship_pk": _internship(demo, net).pk}, "feedback.write", "internship.read"),
    "feedback:sheet_detail": Entry(kwargs=_under(lambda demo, net: _sheet(demo, net, "shared")), rule="feedback.read_shared", obj="internship"),
    # Drafts: only their mentor sees them. An empty POST is refused with the form (400).
    "feedback:sheet_save": _post_only(_under(lambda demo, net: _sheet(demo, net, "draft")), "feedback.write", "feedback.read_draft", post_ok_code=400),
    "feedback:sheet_submit": _post_only(_under(lambda demo, net: _sheet(demo, net, "draft")), "feedback.write", "feedback.read_draft", post_ok_code=400),
    "feedback:sheet_review": _post_only(
        _under(lambda demo, net: _sheet(demo, net, "in_review")),
        "feedback.review", "feedback.read_in_review",
    ),
    "feedback:sheet_reflect": _post_only(_under(lambda demo, net: _sheet(demo, net, "shared")), "feedback.reflect", "feedback.read_shared"),
    "feedback:sheet_addendum": _post_only(_under(lambda demo, net: _sheet(demo, net, "shared")), "feedback.addendum", "feedback.read_shared"),
    "feedback:review_queue": Entry(rule="feedback.review", denied=403),
}


# --------------------------------------------------------------------------- evaluations


def _evaluation(demo, network, locked=False):
    from evaluations.evaluation.services import evaluation_start

    internship = _internship(demo, network)
    evaluation = evaluation_start(internship=internship, kind="midterm", by=internship.mentor)
    if locked and not evaluation.locked_at:
        now = timezone.now()
        evaluation.mentor_signed_by, evaluation.mentor_signed_at = internship.mentor, now
        evaluation.teacher_signed_by, evaluation.teacher_signed_at = internship.teacher, now
        evaluation.locked_at = now
        evaluation.save()
    return {"pk": evaluation.pk}


def _group(demo, network):
    from schools.models import Group

    return {"pk": Group.objects.get(name="7BKO-A" if network == "limburg" else "7KO").pk}


#: Saving an evaluation: whoever writes one of its parts.
EDITORS = ("evaluation.write_mentor", "evaluation.write_school", "evaluation.write_self")

ENTRIES.update({
    "evaluations:evaluation_start": _post_only(lambda demo, net: {"internship_pk": _internship(demo, net).pk, "kind": "midterm"}, "evaluation.start", "internship.read"),
    "evaluations:evaluation_detail": Entry(kwargs=_under(_evaluation), rule="internship.read", obj="internship"),
    "evaluations:evaluation_history": Entry(kwargs=_under(_evaluation), rule="internship.read", obj="internship"),
    "evaluations:evaluation_save": _post_only(_under(_evaluation), EDITORS, "internship.read"),
    "evaluations:evaluation_sign": _post_only(_under(_evaluation), ("evaluation.sign_mentor", "evaluation.sign_school"), "internship.read"),
    # An empty POST has no reason: the page again, saying a correction needs one (400).
    "evaluations:evaluation_correct": _post_only(
        _under(lambda demo, net: _evaluation(demo, net, locked=True)),
        "evaluation.correct", "internship.read", post_ok_code=400,
    ),
    "progress:progress_detail": Entry(kwargs=lambda demo, net: {"internship_pk": _internship(demo, net).pk}, rule="internship.read", obj="internship"),
    "schools:group_overview": Entry(
        kwargs=_group, rule="group.read", obj="group",
    ),
})
