"""Midterm and final evaluations with sign-off and locking; the progress grid; the group overview."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Cluster, Indicator, RatingLevel
from evaluations.models import Evaluation, EvaluationRating, FeedbackRating, LockedEvaluationError
from schools.models import Group


def _start(demo, email="mentor@uniform.demo", kind="midterm"):
    emma = demo.emma_internship
    response = demo.client_for(email).post(reverse("evaluations:evaluation_start", args=[emma.pk, kind]))
    assert response.status_code == 302
    return Evaluation.objects.get(internship=emma, kind=kind)


def _mentor_form(evaluation, level_index=2):
    version = evaluation.internship.catalogue_version
    levels = list(RatingLevel.objects.filter(scale__version=version).order_by("value"))
    data = {"revision": evaluation.revision, "mentor_advice": "Groeit mooi; blijf oefenen op overgangen."}
    for indicator in Indicator.objects.filter(version=version):
        data[f"level-{indicator.pk}"] = levels[level_index].pk
    data[f"cremark-{Cluster.objects.filter(version=version).first().pk}"] = "Altijd stipt."
    return data


def _sign(client, evaluation, password="uniform-demo"):
    """Sign as the page does: with the password and the revision the page showed."""
    revision = Evaluation.objects.get(pk=evaluation.pk).revision
    return client.post(reverse("evaluations:evaluation_sign", args=[evaluation.internship_id, evaluation.pk]), {"password": password, "revision": revision})


def test_acceptance_mentor_proposes_and_signs_teacher_decides_and_signs_then_locked(demo):
    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    evaluation = _start(demo)
    # The page shows the feedback sheets' last observation as a hint.
    page = mentor.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert "last observed" in page or "laatst geobserveerd" in page
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation)).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.ratings.filter(level__isnull=False).count() == 50
    # The teacher may not touch the mentor's part; the mentor not the school's.
    assert teacher.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation)).status_code == 403
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]),
                       {"revision": evaluation.revision, "decision": "sufficient"}).status_code == 403
    # Wrong password: nothing signed.
    _sign(mentor, evaluation, "fout")
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is None
    _sign(mentor, evaluation)
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_by.email == "mentor@uniform.demo" and not evaluation.is_locked
    # After signing, the mentor's part is closed.
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation, 0)).status_code == 403
    # The school's decision, then its signature: locked, and the internship moves on.
    response = teacher.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), {
        "revision": evaluation.revision, "school_assessment": "Op schema.", "decision": "sufficient",
        "conversation_date": "2026-11-20", "conversation_present": "An, Sofie, Emma",
    })
    assert response.status_code == 302
    evaluation.refresh_from_db()
    _sign(teacher, evaluation)
    evaluation.refresh_from_db()
    assert evaluation.is_locked and evaluation.teacher_signed_by.email == "teacher@uniform.demo"
    emma = demo.emma_internship
    assert emma.status == "midterm_evaluated"
    # Changes now fail: the page (no form), a hand-made POST, a direct save in Python.
    page = teacher.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert 'name="school_assessment"' not in page and "🔒" in page
    assert teacher.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]),
                        {"revision": evaluation.revision, "decision": "insufficient"}).status_code == 403
    evaluation.decision = "insufficient"
    with pytest.raises(LockedEvaluationError):
        evaluation.save()
    rating = evaluation.ratings.first()
    rating.level = None
    with pytest.raises(LockedEvaluationError):
        rating.save()
    evaluation.refresh_from_db()
    assert evaluation.decision == "sufficient"
    # A correction is a new revision; both stay visible.
    correct_url = reverse("evaluations:evaluation_correct", args=[evaluation.internship_id, evaluation.pk])
    assert teacher.post(correct_url, {"reason": "De datum van het gesprek klopte niet."}).status_code == 302
    correction = Evaluation.objects.get(revision_of=evaluation)
    assert correction.number == 2 and not correction.is_locked and correction.ratings.count() == evaluation.ratings.count()
    old_page = teacher.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    new_page = teacher.get(reverse("evaluations:evaluation_detail", args=[correction.internship_id, correction.pk])).content.decode()
    assert reverse("evaluations:evaluation_detail", args=[correction.internship_id, correction.pk]) in old_page
    assert reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk]) in new_page
    # History shows who did what.
    history = teacher.get(reverse("evaluations:evaluation_history", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert "Sofie Peeters" in history and "An Vermeulen" in history


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_changes_to_a_signed_evaluation(demo):
    locked = Evaluation.objects.filter(locked_at__isnull=False).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        Evaluation.objects.filter(pk=locked.pk).update(decision="insufficient")
    with pytest.raises(DatabaseError), transaction.atomic():
        EvaluationRating.objects.filter(evaluation=locked).update(level=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        EvaluationRating.objects.filter(evaluation=locked).delete()


def test_student_self_assessment_and_what_they_see_before_signing(demo):
    evaluation = _start(demo)
    mentor, student = demo.client_for("mentor@uniform.demo"), demo.client_for("student@uniform.demo")
    mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation))
    evaluation.refresh_from_db()
    page = student.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert "Groeit mooi" not in page and 'name="self-' in page  # the mentor's part waits for the signatures
    indicator = Indicator.objects.filter(version=evaluation.internship.catalogue_version).first()
    level = RatingLevel.objects.filter(scale__version=evaluation.internship.catalogue_version).order_by("value").last()
    assert student.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]),
                        {"revision": evaluation.revision, f"self-{indicator.pk}": level.pk}).status_code == 302
    assert EvaluationRating.objects.get(evaluation=evaluation, indicator=indicator).student_level == level
    # The student posting the mentor's part: 403.
    evaluation.refresh_from_db()
    assert student.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation)).status_code == 403
    # The teacher sees the self-assessment beside the mentor's levels.
    teacher_page = demo.client_for("teacher@uniform.demo").get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert f'id="s{indicator.pk}"' not in teacher_page and "observed-level level-" in teacher_page


def test_no_lost_update_and_bad_input(demo):
    evaluation = _start(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    url = reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])
    stale = _mentor_form(evaluation)
    assert mentor.post(url, stale).status_code == 302
    assert mentor.post(url, {**stale, "mentor_advice": "Andere tekst"}).status_code == 409
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Groeit mooi; blijf oefenen op overgangen."
    foreign = Indicator.objects.exclude(version=evaluation.internship.catalogue_version).first()
    for data in [{f"level-{foreign.pk}": ""}, {"level-abc": "1"}, {"mentor_advice": "x" * 20000}]:
        assert mentor.post(url, {"revision": evaluation.revision, **data}).status_code == 400


@pytest.mark.parametrize("email", ["mentor2@uniform.demo", "teacher2@uniform.demo", "mentor@other.demo", "teacher@other.demo", "coordinator@uniform.demo"])
def test_outsiders_get_404(demo, email):
    locked = Evaluation.objects.filter(internship__school__network__slug="limburg", locked_at__isnull=False).first()
    client = demo.client_for(email)
    assert client.get(reverse("evaluations:evaluation_detail", args=[locked.internship_id, locked.pk])).status_code == 404
    assert client.get(reverse("progress:progress_detail", args=[locked.internship_id])).status_code == 404
    assert client.post(reverse("evaluations:evaluation_correct", args=[locked.internship_id, locked.pk])).status_code == 404


def test_progress_grid_matches_the_feedback_sheets(demo):
    emma = demo.emma_internship
    teacher = demo.client_for("teacher@uniform.demo")
    response = teacher.get(reverse("progress:progress_detail", args=[emma.pk]))
    assert response.status_code == 200
    columns, clusters = response.context["columns"], response.context["clusters"]
    shared = list(emma.feedback_sheets.filter(status="shared").order_by("date"))
    assert [obj for kind, _d, obj in columns if kind == "sheet"] == shared
    # A few cells against the sheets' ratings.
    rows = {i.pk: i.row for c in clusters for i in c.indicators.all()}
    for rating in FeedbackRating.objects.filter(sheet__in=shared, level__isnull=False)[:5]:
        position = [obj.pk for _k, _d, obj in columns].index(rating.sheet_id)
        assert rows[rating.indicator_id][position] == rating.level
    never = [i for c in clusters for i in c.indicators.all() if i.never]
    rated = set(FeedbackRating.objects.filter(sheet__in=shared).values_list("indicator_id", flat=True))
    assert {i.pk for i in never} == {i.pk for c in clusters for i in c.indicators.all()} - rated
    assert "never-observed" in response.content.decode()


def test_group_overview_flags_students_at_risk_with_constant_queries(demo):
    from datetime import timedelta

    from django.utils import timezone

    group = Group.objects.get(name="7BKO-A")
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("schools:group_overview", args=[group.pk])
    with CaptureQueriesContext(connection) as small:
        response = teacher.get(url)
    assert response.status_code == 200
    rows = response.context["internships"]
    emma = next(i for i in rows if i.student.first_name == "Emma")
    assert "documents" in emma.risks  # her overdue document
    # No feedback for more than two weeks: a risk. (A shared sheet does not change, not even its
    # date: the overview is asked three weeks after Emma's last shared sheet instead.)
    import schools.selectors

    last = demo.emma_internship.feedback_sheets.filter(status="shared").order_by("-date").first().date
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr(schools.selectors.timezone, "localdate", lambda: last + timedelta(days=20))
        assert "no_feedback" in next(i for i in teacher.get(url).context["internships"] if i.student.first_name == "Emma").risks
    # A signed midterm with levels below sufficient: a risk.
    emma_internship = demo.emma_internship
    low = RatingLevel.objects.filter(scale__version=emma_internship.catalogue_version, is_sufficient=False).first()
    midterm = Evaluation.objects.create(internship=emma_internship, kind="midterm", decision="insufficient")
    EvaluationRating.objects.bulk_create(
        EvaluationRating(evaluation=midterm, indicator=i, level=low)
        for i in Indicator.objects.filter(version=emma_internship.catalogue_version)[:3]
    )
    midterm.locked_at = timezone.now()
    midterm.save()
    flagged = next(i for i in teacher.get(url).context["internships"] if i.pk == emma_internship.pk)
    assert "insufficient" in flagged.risks and flagged.n_insufficient == 3
    with CaptureQueriesContext(connection) as again:
        teacher.get(url)
    assert len(again.captured_queries) == len(small.captured_queries) <= 15
    assert demo.client_for("teacher2@uniform.demo").get(url).status_code == 404


def test_hub_lists_evaluations_and_who_may_start_them(demo):
    emma = demo.emma_internship
    hub = demo.client_for("mentor@uniform.demo").get(reverse("internships:detail", args=[emma.pk])).content.decode()
    assert reverse("evaluations:evaluation_start", args=[emma.pk, "midterm"]) in hub
    coach_hub = demo.client_for("coach@uniform.demo").get(reverse("internships:detail", args=[emma.pk])).content.decode()
    assert reverse("evaluations:evaluation_start", args=[emma.pk, "midterm"]) not in coach_hub
    assert demo.client_for("coach@uniform.demo").post(reverse("evaluations:evaluation_start", args=[emma.pk, "midterm"])).status_code == 403


def test_a_mentor_without_a_password_signs_with_a_mailed_code(demo, mailoutbox):
    """Mentors log in by emailed code and often have no password: signing mails a code,
    and once it is typed in, the signature goes through (allauth's reauthentication resumes
    the signing request). A wrong code signs nothing."""
    import re

    from django.test import Client

    evaluation = _start(demo)
    mentor_user = demo.user("mentor@uniform.demo")
    mentor_user.set_unusable_password()
    mentor_user.save(update_fields=["password"])
    mentor = Client()
    mentor.force_login(mentor_user)
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation)).status_code == 302
    page = mentor.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert 'id="sign-by-code"' in page and 'name="password"' not in page

    evaluation.refresh_from_db()
    response = mentor.post(reverse("evaluations:evaluation_sign", args=[evaluation.internship_id, evaluation.pk]), {"as": "mentor", "revision": evaluation.revision})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is None
    # The code page: ask for a code (allauth mails it), then type it in.
    confirm = mentor.get(response["Location"], follow=True)
    form_url = confirm.redirect_chain[-1][0] if confirm.redirect_chain else response["Location"]
    sent = mentor.post(form_url, {"recipient": mentor_user.email}, follow=True)
    assert mailoutbox, sent.content[:500]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.M).group(1)
    confirm_url = sent.redirect_chain[-1][0]
    wrong = mentor.post(confirm_url, {"code": "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB"})
    assert wrong.status_code == 200
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is None
    done = mentor.post(confirm_url, {"code": code})
    assert done.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_by == mentor_user and evaluation.mentor_signed_at is not None
    # One code confirms one signature: the final evaluation asks for a new code.
    final = _start(demo, kind="final")
    assert mentor.post(reverse("evaluations:evaluation_save", args=[final.internship_id, final.pk]), _mentor_form(final)).status_code == 302
    final.refresh_from_db()
    again = mentor.post(reverse("evaluations:evaluation_sign", args=[final.internship_id, final.pk]), {"as": "mentor", "revision": final.revision})
    assert again.status_code == 302 and "/accounts/reauthenticate/" in again["Location"]
    final.refresh_from_db()
    assert final.mentor_signed_at is None
    final.delete()
    # Without any confirmation, the service refuses (the view is the only way in).
    from django.core.exceptions import ValidationError

    from evaluations.evaluation import services as evaluation_services

    other = _start(demo, kind="final")
    with pytest.raises(ValidationError):
        evaluation_services.evaluation_sign(evaluation=other, by=mentor_user, as_role="mentor")


def test_one_signs_what_one_saw(demo):
    """The sign form carries the revision the page showed: if somebody changed the evaluation
    since (the teacher's decision, the student's self-assessment), nothing is signed."""
    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    evaluation = _start(demo)
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation)).status_code == 302
    evaluation.refresh_from_db()
    seen = evaluation.revision
    page = mentor.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert f'name="revision" value="{seen}"' in page
    teacher.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]),
                 {"revision": seen, "school_assessment": "Twijfel.", "decision": "insufficient"})
    evaluation.refresh_from_db()
    assert evaluation.revision > seen
    response = mentor.post(reverse("evaluations:evaluation_sign", args=[evaluation.internship_id, evaluation.pk]),
                           {"password": "uniform-demo", "revision": seen}, follow=True)
    assert "De evaluatie is veranderd sinds je ze opende" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is None
    assert _sign(mentor, evaluation).status_code == 302  # with the current revision it signs
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is not None


def test_an_evaluation_under_another_internship_is_404_even_when_both_are_visible(demo):
    from internships.models import Internship

    teacher = demo.client_for("teacher@uniform.demo")
    locked = Evaluation.objects.filter(internship__teacher__email="teacher@uniform.demo", locked_at__isnull=False).first()
    other = Internship.objects.filter(teacher=locked.internship.teacher).exclude(pk=locked.internship_id).first()
    assert teacher.get(reverse("evaluations:evaluation_detail", args=[other.pk, locked.pk])).status_code == 404
    assert teacher.post(reverse("evaluations:evaluation_correct", args=[other.pk, locked.pk])).status_code == 404
    assert teacher.get(reverse("evaluations:evaluation_detail", args=[locked.internship_id, locked.pk])).status_code == 200


def test_garbage_in_an_evaluation_is_the_page_again_with_a_message_and_what_was_typed(demo):
    evaluation = _start(demo)
    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    url = reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])
    typed = _mentor_form(evaluation)
    level = typed[next(k for k in typed if k.startswith("level-"))]
    for garbage, message in [({"level-abc": "x"}, "andere catalogusversie"), ({"level-99999": "7"}, "andere catalogusversie"),
                             ({"cremark-99999": "x"}, "cluster van een andere catalogusversie"), ({"revision": "abc"}, "pagina is verouderd"),
                             ({next(iter(k for k in typed if k.startswith("level-"))): "x"}, "niet op de schaal")]:
        response = mentor.post(url, {**typed, **garbage})
        html = response.content.decode()
        assert response.status_code == 400, garbage
        assert message in html and "blijf oefenen op overgangen" in html and "Altijd stipt." in html, garbage  # nothing typed is lost
        assert f'value="{level}" checked' in html, garbage
        assert f'name="revision" value="{evaluation.revision}"' in html, garbage  # the revision it was typed on
        evaluation.refresh_from_db()
        assert evaluation.mentor_advice == "" and not evaluation.ratings.exists()
    school = {"revision": evaluation.revision, "school_assessment": "Op schema.", "decision": "sufficient"}
    for garbage, message in [({"conversation_date": "2026-13-45"}, "Geef een geldige datum."), ({"decision": "misschien"}, "Onbekende beslissing")]:
        response = teacher.post(url, {**school, **garbage})
        assert response.status_code == 400 and message in response.content.decode() and "Op schema." in response.content.decode(), garbage
    evaluation.refresh_from_db()
    assert evaluation.school_assessment == "" and evaluation.decision == ""


def test_a_post_of_some_levels_changes_those_only(demo):
    """The mentor's radio buttons post only what was tapped: an indicator not posted keeps its level."""
    evaluation = _start(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    url = reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])
    assert mentor.post(url, _mentor_form(evaluation)).status_code == 302
    evaluation.refresh_from_db()
    indicator = Indicator.objects.filter(version=evaluation.internship.catalogue_version).first()
    top = RatingLevel.objects.filter(scale__version=evaluation.internship.catalogue_version).order_by("value").last()
    assert mentor.post(url, {"revision": evaluation.revision, f"level-{indicator.pk}": top.pk, "mentor_advice": "Kort"}).status_code == 302
    assert evaluation.ratings.get(indicator=indicator).level == top
    assert evaluation.ratings.filter(level__isnull=False).count() == 50
    assert evaluation.cluster_remarks.get().remark == "Altijd stipt."


def test_a_garbled_signature_post_signs_nothing(demo):
    evaluation = _start(demo)
    mentor = demo.client_for("mentor@uniform.demo")
    assert mentor.post(reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk]), _mentor_form(evaluation)).status_code == 302
    evaluation.refresh_from_db()
    url = reverse("evaluations:evaluation_sign", args=[evaluation.internship_id, evaluation.pk])
    assert mentor.post(url, {"as": "admin", "password": "uniform-demo", "revision": evaluation.revision}).status_code == 403
    assert mentor.post(url, {"as": "teacher", "password": "uniform-demo", "revision": evaluation.revision}).status_code == 403
    for revision in ("abc", "", "²"):
        response = mentor.post(url, {"password": "uniform-demo", "revision": revision}, follow=True)
        assert response.status_code == 200 and "pagina is verouderd" in response.content.decode(), revision
    evaluation.refresh_from_db()
    assert evaluation.mentor_signed_at is None


def _save_url(evaluation):
    return reverse("evaluations:evaluation_save", args=[evaluation.internship_id, evaluation.pk])


def test_a_stale_save_keeps_the_typed_text_and_shows_the_other_beside_it(demo):
    """Issue #13: a stale save showed 409 and the advice typed was gone. Now the page comes back
    with what was typed (on the revision it was typed on) and what is stored now beside it;
    "keep my version" saves it deliberately."""
    import html as html_lib

    mentor = demo.client_for("mentor@uniform.demo")
    evaluation = _start(demo)
    loaded = _mentor_form(evaluation)
    first = {**loaded, "mentor_advice": "Advies van de pc."}
    assert mentor.post(_save_url(evaluation), first).status_code == 302
    stale = mentor.post(_save_url(evaluation), {**loaded, "mentor_advice": "Advies van de gsm, lang getypt."})
    assert stale.status_code == 409
    page = html_lib.unescape(stale.content.decode())
    assert ">Advies van de gsm, lang getypt.</textarea>" in page  # what was typed stays
    assert "Advies van de pc." in page and "An Vermeulen bewaarde deze evaluatie om" in page  # theirs beside it
    assert f'name="revision" value="{loaded["revision"]}"' in page  # a save from here cannot overwrite
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Advies van de pc."
    assert f'name="overwrite" value="{evaluation.revision}"' in page
    # Autosave (htmx) says the same in the save bar.
    bar = mentor.post(_save_url(evaluation), {**loaded, "mentor_advice": "Advies van de gsm, lang getypt."}, HTTP_HX_REQUEST="true")
    assert bar.status_code == 200 and "alert-danger" in bar.content.decode() and "Advies van de pc." in bar.content.decode()
    # Keeping one's own version is a deliberate second step.
    kept = mentor.post(_save_url(evaluation), {**loaded, "mentor_advice": "Advies van de gsm, lang getypt.", "overwrite": evaluation.revision})
    assert kept.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.mentor_advice == "Advies van de gsm, lang getypt."


def test_a_conflict_in_another_part_says_so(demo):
    """The student saved her self-assessment while the mentor typed: nothing of the mentor's part
    differs, and the bar says keeping her version changes nothing of theirs."""
    evaluation = _start(demo)
    mentor, student = demo.client_for("mentor@uniform.demo"), demo.client_for("student@uniform.demo")
    loaded = _mentor_form(evaluation)
    assert mentor.post(_save_url(evaluation), loaded).status_code == 302
    evaluation.refresh_from_db()
    indicator = Indicator.objects.filter(version=evaluation.internship.catalogue_version).first()
    level = RatingLevel.objects.filter(scale__version=evaluation.internship.catalogue_version).first()
    assert student.post(_save_url(evaluation), {"revision": evaluation.revision, f"self-{indicator.pk}": level.pk}).status_code == 302
    bar = mentor.post(_save_url(evaluation), {**loaded, "revision": evaluation.revision}, HTTP_HX_REQUEST="true").content.decode()
    assert "alert-danger" in bar and "verandert er niets aan de hunne" in bar


def test_autosave_answers_with_the_save_bar_and_the_new_revision_for_the_form_and_the_signature(demo):
    mentor = demo.client_for("mentor@uniform.demo")
    evaluation = _start(demo)
    page = mentor.get(reverse("evaluations:evaluation_detail", args=[evaluation.internship_id, evaluation.pk])).content.decode()
    assert 'data-autosave="' in page and 'id="sign-revision"' in page and 'id="evaluation-revision"' in page
    bar = mentor.post(_save_url(evaluation), _mentor_form(evaluation), HTTP_HX_REQUEST="true")
    assert bar.status_code == 200
    evaluation.refresh_from_db()
    html = bar.content.decode()
    assert "✓" in html
    assert f'id="evaluation-revision" name="revision" value="{evaluation.revision}" form="evaluation-form" hx-swap-oob="true"' in html
    assert f'id="sign-revision" name="revision" value="{evaluation.revision}" hx-swap-oob="true"' in html
    # Bad input: the bar says why, nothing is saved.
    bad = mentor.post(_save_url(evaluation), {**_mentor_form(evaluation), "mentor_advice": "x" * 6000}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "alert-danger" in bad.content.decode()


def test_hints_are_the_last_level_observed_on_a_shared_sheet(demo):
    """Per indicator the level of the newest shared sheet that rated it (one row per indicator,
    a window; issue 21), as reading every rating in date order and keeping the last gave."""
    from datetime import timedelta

    from catalogue.models import RatingLevel as Level
    from evaluations.evaluation.selectors import _hints
    from evaluations.models import FeedbackSheet

    emma = demo.emma_internship
    shared = FeedbackSheet.objects.filter(internship=emma, status="shared")
    first, last = shared.order_by("date").first(), shared.order_by("-date").first()
    rated = FeedbackRating.objects.filter(sheet=last, level__isnull=False).select_related("level").first()
    other = Level.objects.filter(scale__version=emma.catalogue_version).exclude(pk=rated.level_id).first()
    # An older shared sheet and a newer draft rate the same indicator at another level: neither is the hint.
    for day, status in [(first.date - timedelta(days=3), "shared"), (last.date + timedelta(days=1), "draft")]:
        sheet = FeedbackSheet.objects.create(internship=emma, author=last.author, date=day)
        FeedbackRating.objects.create(sheet=sheet, indicator=rated.indicator, level=other)
        FeedbackSheet.objects.filter(pk=sheet.pk).update(status=status)
    expected_by_id, expected_by_code = {}, {}
    for rating in (FeedbackRating.objects.filter(sheet__internship=emma, sheet__status=FeedbackSheet.Status.SHARED, level__isnull=False)
                   .select_related("level", "sheet", "indicator").order_by("sheet__date", "sheet__created_at")):
        expected_by_id[rating.indicator_id] = (rating.level.value, rating.sheet.date)
        expected_by_code[rating.indicator.code] = (rating.level.value, rating.sheet.date)
    assert expected_by_id[rated.indicator_id] == (rated.level.value, last.date)
    assert _hints(emma, key="indicator_id") == expected_by_id
    assert _hints(emma) == expected_by_code


@pytest.mark.parametrize("language", ["nl", "en"])
def test_last_observed_renders_what_the_blocktranslate_did(language):
    """``{% last_observed hint %}`` is the page's former ``{% blocktranslate %}``, byte for byte."""
    from datetime import date

    from django.template import engines
    from django.utils import translation

    engine = engines["django"]
    old = engine.from_string('{% load i18n %}{% blocktranslate with level=hint.0 date=hint.1|date:"j F" %}'
                             'last observed: level {{ level }} on {{ date }}{% endblocktranslate %}')
    new = engine.from_string("{% load evaluation_page %}{% last_observed hint %}")
    with translation.override(language):
        for hint in [(3, date(2026, 3, 4)), (1, date(2025, 12, 31)), (4, date(2026, 5, 1))]:
            assert new.render({"hint": hint}) == old.render({"hint": hint})
        assert ("laatst" if language == "nl" else "last observed") in new.render({"hint": (2, date(2026, 1, 9))})
