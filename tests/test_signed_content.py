"""Signatures bind to content (ADR 0011): every signature stores the digest of what it covers, a
change after a signature withdraws it (the signer is told by mail and on the page), and a locked
evaluation carries only signatures over its final content. A locked evaluation and a shared
feedback sheet show what was stored when they were locked or shared, whatever is renamed later,
and the database refuses an UPDATE of a shared sheet."""

from __future__ import annotations

import importlib
import io
from datetime import datetime, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from catalogue.models import Cluster, Indicator, Programme, RatingLevel
from childcare.models import Site
from evaluations.evaluation.selectors import content_digest, evaluation_content, short_digest
from evaluations.feedback.selectors import sheet_content
from evaluations.models import (
    Evaluation,
    EvaluationRating,
    FeedbackAddendum,
    FeedbackRating,
    FeedbackSheet,
    SheetRead,
    SignatureWithdrawal,
)
from internships.models import InternshipEvent
from notifications.models import Notification
from reports import pdf
from schools.models import Student

PASSWORD = "uniform-demo"


def _url(name, evaluation):
    return reverse(f"evaluations:{name}", args=[evaluation.internship_id, evaluation.pk])


def _fresh(evaluation) -> Evaluation:
    return Evaluation.objects.select_related("internship").get(pk=evaluation.pk)


def _start(demo) -> Evaluation:
    emma = demo.emma_internship
    assert demo.client_for("mentor@uniform.demo").post(reverse("evaluations:evaluation_start", args=[emma.pk, "midterm"])).status_code == 302
    return Evaluation.objects.get(internship=emma, kind="midterm")


def _levels(evaluation):
    return list(RatingLevel.objects.filter(scale__version=evaluation.internship.catalogue_version).order_by("value"))


def _indicator(evaluation, code="1.5"):
    return Indicator.objects.filter(version=evaluation.internship.catalogue_version, code=code).first()


def _mentor_saves(client, evaluation, *, value_of_15: int):
    """The mentor's part: every indicator at level 2, indicator 1.5 at ``value_of_15``."""
    evaluation = _fresh(evaluation)
    levels = {lvl.value: lvl for lvl in _levels(evaluation)}
    data = {"revision": evaluation.revision, "mentor_advice": "Groeit mooi; blijf oefenen op overgangen."}
    for indicator in Indicator.objects.filter(version=evaluation.internship.catalogue_version):
        data[f"level-{indicator.pk}"] = levels[2].pk
    data[f"level-{_indicator(evaluation).pk}"] = levels[value_of_15].pk
    data[f"cremark-{Cluster.objects.filter(version=evaluation.internship.catalogue_version).first().pk}"] = "Altijd stipt."
    return client.post(_url("evaluation_save", evaluation), data)


def _school_saves(client, evaluation, assessment="Op schema.", decision="sufficient"):
    return client.post(_url("evaluation_save", evaluation), {
        "revision": _fresh(evaluation).revision, "school_assessment": assessment, "decision": decision,
        "conversation_date": "2026-11-20", "conversation_present": "An, Sofie, Emma",
    })


def _sign(client, evaluation):
    return client.post(_url("evaluation_sign", evaluation), {"password": PASSWORD, "revision": _fresh(evaluation).revision})


def _assert_locked_over_final_content(evaluation):
    """Locked, and every signature's digest is the digest of its final content (stored and live)."""
    evaluation = _fresh(evaluation)
    assert evaluation.is_locked
    content = evaluation_content(evaluation)
    assert evaluation.snapshot["content"] == content
    for role in ("mentor", "teacher"):
        digest = getattr(evaluation, f"{role}_signed_digest")
        assert digest == content_digest(content, role) == evaluation.snapshot["signatures"][role]["digest"]
        assert len(digest) == 64
    return evaluation


def test_school_signs_first_then_mentor_changes_withdraws_the_school_signature(demo, mailoutbox, django_capture_on_commit_callbacks):
    """The reproduction of issue #14: the teacher signed, the mentor changed indicator 1.5 from 2
    to 3 and signed. Before: locked with content the school never signed. Now: the school's
    signature is withdrawn (mail, page, timeline), and the lock waits for its new signature."""
    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    evaluation = _start(demo)
    assert _mentor_saves(mentor, evaluation, value_of_15=2).status_code == 302
    assert _school_saves(teacher, evaluation).status_code == 302
    _sign(teacher, evaluation)
    signed = _fresh(evaluation)
    assert signed.teacher_signed_at and signed.teacher_signed_digest == content_digest(evaluation_content(signed), "teacher")
    events = InternshipEvent.objects.filter(internship=signed.internship).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = _mentor_saves(mentor, evaluation, value_of_15=3)
    assert response.status_code == 302
    changed = _fresh(evaluation)
    assert changed.teacher_signed_at is None and changed.teacher_signed_digest == "" and not changed.is_locked
    withdrawal = SignatureWithdrawal.objects.get(evaluation=changed)
    assert withdrawal.role == "teacher" and withdrawal.signer.email == "teacher@uniform.demo"
    assert withdrawal.digest == signed.teacher_signed_digest and withdrawal.withdrawn_by.email == "mentor@uniform.demo"
    assert InternshipEvent.objects.filter(internship=changed.internship).count() == events + 1
    # The signer is told: a mail in Dutch with the link, and a line on the evaluation's page.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["teacher@uniform.demo"]
    assert "ingetrokken" in mailoutbox[0].subject and _url("evaluation_detail", evaluation) in mailoutbox[0].body
    page = teacher.get(_url("evaluation_detail", evaluation)).content.decode()
    assert "signature-withdrawn" in page and "Sofie Peeters" in page

    _sign(mentor, evaluation)
    assert not _fresh(evaluation).is_locked  # the school's signature is missing: nothing locks
    _sign(teacher, evaluation)
    locked = _assert_locked_over_final_content(evaluation)
    levels = [i["level"] for c in locked.snapshot["content"]["clusters"] for i in c["indicators"] if i["code"] == "1.5"]
    assert levels and set(levels) == {3}  # what the school signed the second time


def test_mentor_signs_first_then_the_school_decides_and_signs(demo):
    """The usual order: the school's part is not what the mentor signs, so the mentor's signature
    stays; the student's self-assessment closes with the first signature."""
    mentor, teacher, student = (demo.client_for(e) for e in ("mentor@uniform.demo", "teacher@uniform.demo", "student@uniform.demo"))
    evaluation = _start(demo)
    _mentor_saves(mentor, evaluation, value_of_15=2)
    _sign(mentor, evaluation)
    first = _fresh(evaluation).mentor_signed_digest
    assert first
    level = _levels(evaluation)[-1]
    response = student.post(_url("evaluation_save", evaluation), {"revision": _fresh(evaluation).revision, f"self-{_indicator(evaluation).pk}": level.pk})
    assert response.status_code == 403
    assert not EvaluationRating.objects.filter(evaluation=evaluation, student_level=level).exists()
    assert _school_saves(teacher, evaluation, assessment="Eerst zo.").status_code == 302
    assert _school_saves(teacher, evaluation, assessment="Dan toch anders verwoord.").status_code == 302
    assert _fresh(evaluation).mentor_signed_digest == first and not SignatureWithdrawal.objects.filter(evaluation=evaluation).exists()
    _sign(teacher, evaluation)
    locked = _assert_locked_over_final_content(evaluation)
    assert locked.snapshot["content"]["school"]["assessment"] == "Dan toch anders verwoord."


def test_a_rename_between_the_signatures_withdraws_the_first(demo, mailoutbox, django_capture_on_commit_callbacks):
    """Names as shown are signed too: renamed after the mentor signed, the mentor's signature is
    withdrawn when the school signs, and nothing locks until the mentor signs again."""
    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    evaluation = _start(demo)
    _mentor_saves(mentor, evaluation, value_of_15=2)
    _school_saves(teacher, evaluation)
    _sign(mentor, evaluation)
    Student.objects.filter(pk=evaluation.internship.student_id).update(last_name="Aerts-Peeters")
    page = teacher.get(_url("evaluation_detail", evaluation)).content.decode()
    assert "the content changed since" in page or "de inhoud is sindsdien gewijzigd" in page
    with django_capture_on_commit_callbacks(execute=True):
        _sign(teacher, evaluation)
    after = _fresh(evaluation)
    assert not after.is_locked and after.mentor_signed_at is None and after.teacher_signed_at is not None
    # The mentor is told (in the daily digest, a mentor's default); the teacher signed: not told.
    told = Notification.objects.filter(kind="signature_withdrawn", about_id=str(evaluation.pk))
    assert [(n.recipient.email, n.delivery) for n in told] == [("mentor@uniform.demo", "digest")] and mailoutbox == []
    _sign(mentor, evaluation)
    locked = _assert_locked_over_final_content(evaluation)
    assert locked.snapshot["content"]["names"]["student"] == "Emma Aerts-Peeters"


def test_the_lock_refuses_a_signature_over_other_content(demo):
    from django.core.exceptions import ValidationError

    from evaluations.evaluation import services

    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    evaluation = _start(demo)
    _mentor_saves(mentor, evaluation, value_of_15=2)
    _school_saves(teacher, evaluation)
    _sign(mentor, evaluation)
    obj = _fresh(evaluation)
    obj.teacher_signed_by, obj.teacher_signed_at, obj.teacher_signed_digest = demo.user("teacher@uniform.demo"), timezone.now(), "0" * 64
    with pytest.raises(ValidationError):
        services._lock(obj, evaluation_content(obj), timezone.now())


# --------------------------------------------------------------------------- frozen documents


@pytest.fixture
def fixed_clock(monkeypatch):
    """The PDF's "generated on" line at one moment, so two renders can be compared."""
    moment = timezone.make_aware(datetime(2026, 12, 1, 10, 0))
    monkeypatch.setattr(pdf.timezone, "localtime", lambda *a, **k: moment)


def _pdf_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _rename_everything(internship):
    Student.objects.filter(pk=internship.student_id).update(first_name="Hernoemd", last_name="Anders")
    Site.objects.filter(pk=internship.site_id).update(name="Andere Naam")
    Programme.objects.filter(pk=internship.catalogue_version.programme_id).update(name="Andere opleiding")


def test_a_locked_evaluation_pdf_does_not_change_when_names_change(demo, fixed_clock):
    evaluation = Evaluation.objects.filter(internship__school__network__slug="limburg", locked_at__isnull=False).first()
    teacher = demo.client_for(evaluation.internship.teacher.email)
    url = reverse("reports:evaluation", args=[evaluation.pk])
    before = _pdf_text(teacher, url)
    internship = evaluation.internship
    old_name = internship.student.full_name
    assert old_name in before
    for role in ("mentor", "teacher"):  # the digest's short form beside each signature
        assert short_digest(getattr(evaluation, f"{role}_signed_digest")) in before
    _rename_everything(internship)
    after = _pdf_text(teacher, url)
    assert after == before
    # The locked page, too, shows what was signed; the live internship shows the new name.
    page = teacher.get(_url("evaluation_detail", evaluation)).content.decode()
    assert "Andere Naam" not in page.split('id="evaluation-form"')[1] and "Andere opleiding" not in page


def test_a_shared_sheet_pdf_does_not_change_when_names_change(demo, fixed_clock):
    sheet = FeedbackSheet.objects.filter(internship=demo.emma_internship, status="shared").order_by("date").first()
    assert sheet.snapshot
    teacher = demo.client_for("teacher@uniform.demo")
    url = reverse("reports:sheet", args=[sheet.pk])
    before = _pdf_text(teacher, url)
    assert "Emma Aerts" in before
    _rename_everything(sheet.internship)
    after = _pdf_text(teacher, url)
    assert after == before
    page = teacher.get(reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])).content.decode()
    assert sheet.snapshot["observed"][0]["indicators"][0]["text"] in page


def test_sharing_stores_what_the_sheet_shows(demo):
    from evaluations.feedback import services

    internship = demo.emma_internship
    mentor = internship.mentor
    FeedbackSheet.objects.filter(internship=internship, status="draft").delete()
    sheet = services.sheet_start(internship=internship, by=mentor)
    indicator = Indicator.objects.filter(version=internship.catalogue_version).first()
    level = _levels(Evaluation(internship=internship))[1]
    sheet = services.sheet_save(sheet=sheet, by=mentor, revision=sheet.revision, day=timezone.localdate(), strengths="Warm onthaal",
                                work_points="", agreements="", ratings={indicator.pk: (level.pk, "Mooi gezien")})
    sheet = services.sheet_submit(sheet=sheet, by=mentor)
    if sheet.status == "in_review":
        sheet = services.sheet_review(sheet=sheet, by=demo.user("coach@uniform.demo"), comment="", approve=True)
    sheet.refresh_from_db()
    assert sheet.status == "shared" and sheet.snapshot == sheet_content(sheet)
    assert sheet.snapshot["observed"][0]["indicators"][0] == {
        "code": indicator.code, "text": indicator.text, "level": level.value, "label": level.label, "remark": "Mooi gezien",
    }


# --------------------------------------------------------------------------- the database refuses


def _refused(query) -> DatabaseError:
    """The trigger's refusal (the statement raises; its transaction is rolled back)."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():
        query()
    return refusal.value


def test_the_database_refuses_changes_to_a_shared_sheet(demo):
    """On SQLite and on PostgreSQL alike (run the file with DATABASE_URL=postgres://…)."""
    sheet = FeedbackSheet.objects.filter(status="shared").first()
    rating = sheet.ratings.first()
    sheets, ratings = FeedbackSheet.objects.filter(pk=sheet.pk), FeedbackRating.objects.filter(pk=rating.pk)
    _refused(lambda: sheets.update(strengths="Achteraf veranderd"))
    _refused(lambda: sheets.update(status="draft"))
    _refused(lambda: sheets.update(date=sheet.date - timedelta(days=1)))
    _refused(lambda: sheets.update(snapshot={"forged": True}))
    _refused(lambda: ratings.update(level=None))
    _refused(lambda: ratings.update(remark="achteraf"))
    if connection.vendor == "postgresql":  # SQLite's flush empties tables with DELETE: deletions are guarded on PostgreSQL only
        _refused(lambda: ratings.delete())
    other = Indicator.objects.filter(version=sheet.internship.catalogue_version).exclude(pk__in=sheet.ratings.values("indicator")).first()
    _refused(lambda: FeedbackRating.objects.create(sheet=sheet, indicator=other))
    if connection.vendor == "postgresql":
        _refused(lambda: sheets.delete())
    sheet.refresh_from_db()
    assert sheet.strengths and sheet.status == "shared" and sheet.ratings.filter(pk=rating.pk, remark=rating.remark).exists()
    # What the product allows after sharing still goes through.
    sheets.update(reflection="Ik kondig het opruimen voortaan aan.", reflection_at=timezone.now())
    addendum = FeedbackAddendum.objects.create(sheet=sheet, author=sheet.author, text="Aanvulling")
    SheetRead.objects.get_or_create(sheet=sheet, user=sheet.author)
    _refused(lambda: FeedbackAddendum.objects.filter(pk=addendum.pk).update(text="anders"))
    # A draft changes freely.
    draft = FeedbackSheet.objects.filter(status="draft").first()
    FeedbackSheet.objects.filter(pk=draft.pk).update(strengths="Nog een kladje")
    FeedbackRating.objects.filter(sheet=draft).update(remark="kladje")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the evaluation trigger exists on PostgreSQL only")
def test_postgresql_refuses_a_change_to_a_locked_evaluations_snapshot_or_digest(demo):
    locked = Evaluation.objects.filter(locked_at__isnull=False).first()
    assert "cannot change" in str(_refused(lambda: Evaluation.objects.filter(pk=locked.pk).update(snapshot={"forged": True})))
    _refused(lambda: Evaluation.objects.filter(pk=locked.pk).update(teacher_signed_digest="0" * 64))
    stored = _fresh(locked)
    assert stored.snapshot == locked.snapshot and "forged" not in stored.snapshot
    assert stored.teacher_signed_digest == locked.teacher_signed_digest != "0" * 64


def test_the_back_fill_stores_snapshots_and_digests_where_they_are_missing(demo):
    migration = importlib.import_module("evaluations.migrations.0006_backfill_signed_content")
    sheet = FeedbackSheet.objects.create(internship=demo.emma_internship, author=demo.emma_internship.mentor, date=timezone.localdate(),
                                         strengths="Van vroeger")
    FeedbackSheet.objects.filter(pk=sheet.pk).update(status="shared", shared_at=timezone.now())  # shared before snapshots existed
    internship = demo.emma_internship
    old = Evaluation.objects.create(internship=internship, kind="final", decision="sufficient", mentor_advice="Van vroeger")
    Evaluation.objects.filter(pk=old.pk).update(
        mentor_signed_by=internship.mentor, mentor_signed_at=timezone.now(), teacher_signed_by=internship.teacher,
        teacher_signed_at=timezone.now(), locked_at=timezone.now(),
    )
    class Editor:  # what the migration uses of a schema editor (a real one cannot open inside a test's transaction on SQLite)
        def execute(self, sql, params=()):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    Editor.connection = connection
    migration.forwards(None, Editor())
    old = _fresh(old)
    assert old.snapshot["backfilled"] and old.snapshot["content"] == evaluation_content(old)
    assert old.mentor_signed_digest == content_digest(old.snapshot["content"], "mentor")
    assert old.teacher_signed_digest == content_digest(old.snapshot["content"], "teacher")
    sheet.refresh_from_db()
    assert sheet.snapshot["strengths"] == "Van vroeger" and sheet.snapshot["backfilled"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers when a migration rebuilds a table")
def test_sqlite_gets_the_guard_back_after_every_migrate(demo):
    from evaluations.apps import _sqlite_guards

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER evaluations_feedbacksheet_shared_update;")  # as a rebuilt table would have lost it
    sheets = FeedbackSheet.objects.filter(pk=FeedbackSheet.objects.filter(status="shared").first().pk)
    with transaction.atomic():
        sheets.update(strengths="Zonder bewaking")
        transaction.set_rollback(True)
    _sqlite_guards(sender=None, using="default")  # what post_migrate runs
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'evaluations_feedbacksheet_shared_update'")
        assert cursor.fetchone()[0] == 1
    _refused(lambda: sheets.update(strengths="Met bewaking"))
    assert sheets.get().strengths != "Met bewaking"


def test_an_autosave_that_withdraws_a_signature_says_so_in_the_save_bar(demo):
    mentor, teacher = demo.client_for("mentor@uniform.demo"), demo.client_for("teacher@uniform.demo")
    evaluation = _start(demo)
    _mentor_saves(mentor, evaluation, value_of_15=2)
    _school_saves(teacher, evaluation)
    _sign(teacher, evaluation)
    page = mentor.get(_url("evaluation_detail", evaluation)).content.decode()
    assert "saving a change to your part withdraws that signature" in page or "wordt die handtekening ingetrokken" in page
    evaluation = _fresh(evaluation)
    levels = {lvl.value: lvl for lvl in _levels(evaluation)}
    response = mentor.post(_url("evaluation_save", evaluation), {
        "revision": evaluation.revision, f"level-{_indicator(evaluation).pk}": levels[3].pk,
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "withdrew a signature" in response.content.decode() or "handtekening ingetrokken" in response.content.decode()
    assert _fresh(evaluation).teacher_signed_at is None
