"""Access-matrix entries for the feedback sheet URLs (merged into tests/test_isolation.py).

Objects: Emma's (Limburg) and Lucas's (Antwerpen) feedback sheets. A draft is the mentor's
alone (no coach review at their sites); a shared sheet is seen by everyone who sees the
internship; a sheet with the coach by the mentor, the coach and the organisation's admin.
"""

from django.utils import timezone

from tests.isolation_support import EVERYONE, Entry

SEES = {
    "limburg": {
        "schooladmin@uniform.demo", "teacher@uniform.demo", "childcare@uniform.demo",
        "coach@uniform.demo", "mentor@uniform.demo", "student@uniform.demo",
    },
    "antwerpen": {"teacher@other.demo", "mentor@other.demo", "student@other.demo"},
}
MENTOR = {"limburg": {"mentor@uniform.demo"}, "antwerpen": {"mentor@other.demo"}}
STUDENT = {"limburg": {"student@uniform.demo"}, "antwerpen": {"student@other.demo"}}
COACHES = {"coach@uniform.demo"}


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


def _post_only(kwargs, ok, visible, post_ok_code=302):
    return Entry(kwargs=kwargs, ok=ok, ok_code=405, denied=405, visible=visible, visible_get=405, visible_post=403,
                 post="same", post_ok_code=post_ok_code, post_denied=404)


ENTRIES = {
    "feedback:sheet_new": _post_only(lambda demo, net: {"internship_pk": _internship(demo, net).pk}, MENTOR, SEES),
    "feedback:sheet_detail": Entry(kwargs=_under(lambda demo, net: _sheet(demo, net, "shared")), ok=SEES),
    # Drafts: only their mentor sees them. An empty POST is refused with the form (400).
    "feedback:sheet_save": _post_only(_under(lambda demo, net: _sheet(demo, net, "draft")), MENTOR, MENTOR, post_ok_code=400),
    "feedback:sheet_submit": _post_only(_under(lambda demo, net: _sheet(demo, net, "draft")), MENTOR, MENTOR, post_ok_code=400),
    "feedback:sheet_review": _post_only(
        _under(lambda demo, net: _sheet(demo, net, "in_review")),
        {"limburg": COACHES, "antwerpen": set()},
        {"limburg": {"mentor@uniform.demo", "coach@uniform.demo", "childcare@uniform.demo"}, "antwerpen": {"mentor@other.demo"}},
    ),
    "feedback:sheet_reflect": _post_only(_under(lambda demo, net: _sheet(demo, net, "shared")), STUDENT, SEES),
    "feedback:sheet_addendum": _post_only(_under(lambda demo, net: _sheet(demo, net, "shared")), MENTOR, SEES),
    "feedback:review_queue": Entry(ok={"limburg": COACHES, "antwerpen": COACHES}, denied=403),
}

assert COACHES <= EVERYONE


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


TEACHER = {"limburg": {"teacher@uniform.demo"}, "antwerpen": {"teacher@other.demo"}}
MENTOR_TEACHER = {net: MENTOR[net] | TEACHER[net] for net in MENTOR}
EDITORS = {net: MENTOR[net] | TEACHER[net] | STUDENT[net] for net in MENTOR}
EDITORS["limburg"].add("schooladmin@uniform.demo")

ENTRIES.update({
    "evaluations:evaluation_start": _post_only(lambda demo, net: {"internship_pk": _internship(demo, net).pk, "kind": "midterm"}, MENTOR_TEACHER, SEES),
    "evaluations:evaluation_detail": Entry(kwargs=_under(_evaluation), ok=SEES),
    "evaluations:evaluation_history": Entry(kwargs=_under(_evaluation), ok=SEES),
    "evaluations:evaluation_save": _post_only(_under(_evaluation), EDITORS, SEES),
    "evaluations:evaluation_sign": _post_only(_under(_evaluation), MENTOR_TEACHER, SEES),
    "evaluations:evaluation_correct": _post_only(
        _under(lambda demo, net: _evaluation(demo, net, locked=True)),
        {"limburg": {"teacher@uniform.demo", "schooladmin@uniform.demo"}, "antwerpen": {"teacher@other.demo"}}, SEES,
    ),
    "progress:progress_detail": Entry(kwargs=lambda demo, net: {"internship_pk": _internship(demo, net).pk}, ok=SEES),
    "schools:group_overview": Entry(
        kwargs=_group, ok={"limburg": {"schooladmin@uniform.demo", "teacher@uniform.demo"}, "antwerpen": {"teacher@other.demo"}},
    ),
})
