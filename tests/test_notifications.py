"""Notifications (issue #15, ADR 0015): each event tells exactly the right people (and nobody in
the other network), notify() is idempotent, preferences (off stops it, except what one must act
on), the daily digest (acceptance 3), the mail (text + HTML + List-Unsubscribe), the pages."""

from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from childcare.models import Site
from evaluations.feedback import services as feedback
from internships import services as internships
from internships.models import HourEntry, RequiredDocument
from notifications import events, services
from notifications.kinds import Kind
from notifications.models import Delivery, Digest, MailStatus, Notification
from tenancy.models import Membership, Organisation, Role
from tests.factories import InternshipFactory, MembershipFactory, StudentFactory, UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def _told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


@pytest.fixture
def emma(demo):
    internship = demo.emma_internship
    Site.objects.filter(pk=internship.site_id).update(coach_review=False)
    internship.refresh_from_db()
    Notification.objects.all().delete()  # the demo's own (rolled back after the test)
    return internship


def _shared_sheet(demo, internship):
    mentor = demo.user("mentor@uniform.demo")
    internship.feedback_sheets.filter(status="draft").delete()
    sheet = feedback.sheet_start(internship=internship, by=mentor)
    sheet = feedback.sheet_save(sheet=sheet, by=mentor, revision=sheet.revision, day=sheet.date, strengths="Rustig bij de overgangen.",
                                work_points="", agreements="", ratings={})
    return feedback.sheet_submit(sheet=sheet, by=mentor)


# --------------------------------------------------------------------------- events


def test_a_shared_sheet_tells_the_student_and_the_teacher_with_a_link_to_it(demo, emma):
    sheet = _shared_sheet(demo, emma)
    assert _told(Kind.SHEET_SHARED) == {"student@uniform.demo", "teacher@uniform.demo"}
    row = Notification.objects.get(kind=Kind.SHEET_SHARED, recipient__email="teacher@uniform.demo")
    assert row.link == reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk]) and row.internship_id == emma.pk
    assert row.about == sheet and row.network_id == emma.school.network_id and row.actor.email == "mentor@uniform.demo"
    assert "Emma" in row.subject and row.language == "nl" and row.subject.startswith("Nieuw feedbackblad")
    # Nobody in the other network heard of it.
    assert not Notification.objects.filter(recipient__email__endswith="@other.demo").exists()


def test_the_coach_sends_back_then_approves_the_mentor_is_told_each_time(demo, emma):
    Site.objects.filter(pk=emma.site_id).update(coach_review=True)
    emma.refresh_from_db()
    sheet = _shared_sheet(demo, emma)
    assert sheet.status == "in_review" and not _told(Kind.SHEET_SHARED)
    coach = demo.user("coach@uniform.demo")
    feedback.sheet_review(sheet=sheet, by=coach, comment="Schrijf een concreet voorbeeld.", approve=False)
    returned = Notification.objects.get(kind=Kind.SHEET_RETURNED)
    assert returned.recipient.email == "mentor@uniform.demo" and returned.must_act and "concreet voorbeeld" in returned.body
    feedback.sheet_submit(sheet=sheet, by=demo.user("mentor@uniform.demo"))
    feedback.sheet_review(sheet=sheet, by=coach, comment="", approve=True)
    assert _told(Kind.SHEET_APPROVED) == {"mentor@uniform.demo"}
    assert _told(Kind.SHEET_SHARED) == {"student@uniform.demo", "teacher@uniform.demo"}


def test_a_reflection_tells_the_mentor_and_the_teacher(demo, emma):
    sheet = _shared_sheet(demo, emma)
    feedback.sheet_reflect(sheet=sheet, by=demo.user("student@uniform.demo"), reflection="Ik probeer het morgen.")
    assert _told(Kind.REFLECTION_WRITTEN) == {"mentor@uniform.demo", "teacher@uniform.demo"}


def test_hours_proposed_tell_the_mentor_once_a_day_and_a_rejection_tells_the_student_why(demo, emma):
    student, mentor = demo.user("student@uniform.demo"), demo.user("mentor@uniform.demo")
    today = timezone.localdate()
    days = [d for d in (today - timedelta(days=n) for n in range(1, 5)) if emma.start_date <= d]
    HourEntry.objects.filter(internship=emma, date__in=days).delete()
    for day in days[:2]:
        internships.hours_log(internship=emma, by=student, day=day, hours=Decimal("7.5"))
    assert list(Notification.objects.filter(kind=Kind.HOURS_PROPOSED).values_list("recipient__email", flat=True)) == ["mentor@uniform.demo"]
    entry = HourEntry.objects.get(internship=emma, date=days[0])
    internships.hours_decide(entry=entry, by=mentor, confirm=False, reason="Je was die dag ziek gemeld.")
    rejected = Notification.objects.get(kind=Kind.HOURS_REJECTED)
    assert rejected.recipient == student and "ziek gemeld" in rejected.body
    assert rejected.link == reverse("internships:detail", args=[emma.pk]) + "#hours"


def test_documents_uploaded_tell_the_school_admin_and_decisions_tell_the_student(demo, emma):
    document = emma.documents.select_related("document_type").first()
    RequiredDocument.objects.filter(pk=document.pk).update(status="missing")
    pdf = SimpleUploadedFile("vog.pdf", b"%PDF-1.4\n%demo\n", content_type="application/pdf")
    internships.document_upload(document=document, upload=pdf, by=demo.user("student@uniform.demo"))
    admins = set(Membership.objects.active().filter(organisation=emma.school, role=Role.SCHOOL_ADMIN).values_list("user__email", flat=True))
    assert _told(Kind.DOCUMENT_UPLOADED) == admins and "schooladmin@uniform.demo" in admins
    admin = demo.user("schooladmin@uniform.demo")
    internships.document_set_status(document=document, status="missing", by=admin, may_approve=True)
    assert _told(Kind.DOCUMENT_REFUSED) == {"student@uniform.demo"}
    internships.document_set_status(document=document, status="approved", by=admin, may_approve=True)
    assert _told(Kind.DOCUMENT_APPROVED) == {"student@uniform.demo"}


def test_visits_planned_moved_cancelled_tell_the_mentor_and_the_student(demo, emma):
    teacher = demo.user("teacher@uniform.demo")
    day = max(emma.start_date, timezone.localdate()) + timedelta(days=3)
    visit = internships.visit_plan(internship=emma, by=teacher, date=day)
    assert _told(Kind.VISIT_PLANNED) == {"mentor@uniform.demo", "student@uniform.demo"}
    common = {"time": None, "with_whom": "", "notes": "", "agreements": ""}
    visit = internships.visit_update(visit=visit, by=teacher, revision=visit.revision, date=day + timedelta(days=1), status="planned", **common)
    assert _told(Kind.VISIT_MOVED) == {"mentor@uniform.demo", "student@uniform.demo"}
    internships.visit_update(visit=visit, by=teacher, revision=visit.revision, date=visit.date, status="cancelled", **common)
    assert _told(Kind.VISIT_CANCELLED) == {"mentor@uniform.demo", "student@uniform.demo"}


def test_an_internship_planned_tells_the_childcare_admin_and_the_mentor(demo, emma):
    events.internship_planned(emma, by=demo.user("schooladmin@uniform.demo"))
    admins = set(Membership.objects.active().filter(organisation=emma.site.organisation, role=Role.CHILDCARE_ADMIN).values_list("user__email", flat=True))
    assert _told(Kind.INTERNSHIP_PLANNED) == admins | {"mentor@uniform.demo"} and "childcare@uniform.demo" in admins


def test_a_rolled_back_write_tells_nobody_and_mails_nothing(demo, emma, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _shared_sheet(demo, emma)
            raise RuntimeError("the write fails after the notification")
    assert not Notification.objects.filter(kind=Kind.SHEET_SHARED).exists() and callbacks == [] and mailoutbox == []


# --------------------------------------------------------------------------- notify, preferences


def test_notify_writes_once_per_dedupe_key_and_never_to_the_actor(demo, emma):
    teacher, mentor = demo.user("teacher@uniform.demo"), demo.user("mentor@uniform.demo")
    kwargs = {"about": emma, "internship": emma, "link": "/x/", "context": {"student": "Emma", "days": 14}, "dedupe_key": "r:1"}
    first = services.notify(Kind.REMINDER_NO_FEEDBACK, [teacher, teacher, mentor, None], actor=mentor, **kwargs)
    again = services.notify(Kind.REMINDER_NO_FEEDBACK, [teacher, mentor], **kwargs)
    assert [r.recipient for r in first] == [teacher] and [r.recipient for r in again] == [mentor]
    assert services.notify(Kind.REMINDER_NO_FEEDBACK, [teacher, mentor], **kwargs) == []
    assert Notification.objects.filter(dedupe_key="r:1").count() == 2


def test_off_stops_a_kind_but_not_what_the_person_must_act_on(demo, emma):
    student = demo.user("student@uniform.demo")
    services.set_preferences(user=student, choices={Kind.DOCUMENT_APPROVED: "off", Kind.HOURS_REJECTED: "off"})
    assert services.delivery_for(student, Kind.DOCUMENT_APPROVED) == Delivery.OFF
    assert services.delivery_for(student, Kind.HOURS_REJECTED) == Delivery.IMMEDIATELY  # must act: "off" refused
    off = services.notify(Kind.DOCUMENT_APPROVED, [student], about=emma, internship=emma, link="/d/")[0]
    must = services.notify(Kind.HOURS_REJECTED, [student], about=emma, internship=emma, link="/h/")[0]
    assert (off.delivery, off.mail_status) == ("off", "none") and must.delivery == "immediately"
    client = demo.client_for("student@uniform.demo")
    html = client.get(reverse("notifications:index")).content.decode()
    assert "/h/" in html and "/d/" not in html
    # The page does not offer "off" for a must-act kind; a forged POST re-renders with an error.
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="kind_hours_rejected" id="id_kind_hours_rejected_2"' not in page and 'value="off"' in page
    assert "kind_sheet_returned" not in page  # a mentor's kind: not offered to a student
    data = {"digest_hour": "7", "language": "", **{f"kind_{k}": "immediately" for k in Kind.values}, "kind_hours_rejected": "off"}
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200 and "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    data["kind_hours_rejected"] = "digest"
    data["digest_hour"] = "18"
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert services.delivery_for(student, Kind.DOCUMENT_APPROVED) == Delivery.IMMEDIATELY
    assert services.delivery_for(student, Kind.HOURS_REJECTED) == Delivery.DIGEST and student.mail_settings.digest_hour == 18


def test_mentors_default_to_the_digest_everyone_else_to_mail(demo):
    assert services.default_delivery(demo.user("mentor@uniform.demo"), Kind.SHEET_APPROVED) == Delivery.DIGEST
    assert services.default_delivery(demo.user("teacher@uniform.demo"), Kind.SHEET_SHARED) == Delivery.IMMEDIATELY


# --------------------------------------------------------------------------- mail


def test_the_mail_has_text_html_unsubscribe_and_links_to_the_thing(demo, emma, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sheet = _shared_sheet(demo, emma)
    [message] = [m for m in mailoutbox if m.to == ["teacher@uniform.demo"]]
    # The link goes through the one-tap page (tenancy.onetap, ADR 0016), with the sheet as next.
    url = "http://127.0.0.1:8000/go/?next=" + reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk]) + "&"
    assert message.subject.startswith("[Uniform] Nieuw feedbackblad") and url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{url.replace("&", "&amp;")}' in html and 'name="viewport"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert "/notifications/unsubscribe/" in unsubscribe and "/notifications/preferences/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = Notification.objects.get(kind=Kind.SHEET_SHARED, recipient__email="teacher@uniform.demo")
    assert row.mail_status == MailStatus.SENT and row.mailed_at
    # One click from the mail client (no session, no CSRF token) turns the kind off.
    token = unsubscribe.split("/notifications/unsubscribe/")[1].split("/")[0]
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(reverse("notifications:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert services.delivery_for(row.recipient, Kind.SHEET_SHARED) == Delivery.OFF
    assert Client().post(reverse("notifications:unsubscribe", args=["forged"])).status_code == 404


def test_a_failed_send_is_visible_and_retried(demo, emma, django_capture_on_commit_callbacks, settings):
    settings.NOTIFICATIONS_SEND_INLINE = False
    with django_capture_on_commit_callbacks(execute=True):
        _shared_sheet(demo, emma)
    row = Notification.objects.get(kind=Kind.SHEET_SHARED, recipient__email="teacher@uniform.demo")
    assert row.mail_status == MailStatus.PENDING  # queued for the worker
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(args_kwargs__args=[row.pk]).exists()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        assert services.send_one(row.pk) == MailStatus.FAILED
    row.refresh_from_db()
    assert (row.mail_status, row.mail_attempts) == ("failed", 1) and "smtp down" in row.mail_error
    page = demo.client_for("schooladmin@uniform.demo").get(reverse("notifications:sent") + f"?internship={emma.pk}").content.decode()
    assert "verzenden mislukt" in page and "smtp down" in page
    assert services.send_pending_mails(now=timezone.now() + timedelta(minutes=2)) == 1
    row.refresh_from_db()
    assert row.mail_status == MailStatus.SENT and row.mail_attempts == 2


# --------------------------------------------------------------------------- digest (acceptance 3)


def test_a_mentor_with_three_interns_at_three_schools_gets_one_digest_a_day(demo, mailoutbox):
    mentor = UserFactory(email="drie-scholen@example.org", full_name="Ria Mentor")
    site = Site.objects.get(name="KDV 't Nestje")
    MembershipFactory(user=mentor, organisation=site.organisation, site=site, role=Role.MENTOR)
    schools = list(Organisation.objects.filter(network=site.organisation.network, kind="school").order_by("name")[:3])
    interns = [InternshipFactory(student=StudentFactory(school=school), site=site, mentor=mentor) for school in schools]
    assert len({i.school_id for i in interns}) == 3
    morning = datetime(2027, 3, 8, 6, 0, tzinfo=BRUSSELS)
    with mock.patch("django.utils.timezone.now", return_value=morning):
        for n, (internship, kind) in enumerate(zip(interns + interns[:2], [Kind.HOURS_PROPOSED, Kind.REMINDER_NO_FEEDBACK,
                                                                          Kind.REMINDER_HOURS_UNCONFIRMED, Kind.REMINDER_EVALUATION_WINDOW_OPENS,
                                                                          Kind.REMINDER_SIGNATURE_AWAITED], strict=True)):
            services.notify(kind, [mentor], about=internship, internship=internship, link=f"/i/{n}/", dedupe_key=f"due:{n}",
                            context={"student": internship.student.full_name, "days": 7})
    rows = Notification.objects.filter(recipient=mentor)
    assert rows.count() == 5 and set(rows.values_list("delivery", flat=True)) == {"digest"}
    assert mailoutbox == []
    assert services.send_due_digests(morning) == 0  # before the digest hour (07:00)
    at_seven = morning.replace(hour=7, minute=5)
    assert services.send_due_digests(at_seven) >= 1  # (the demo's mentors have theirs too)
    assert services.send_due_digests(at_seven + timedelta(minutes=1)) == 0  # a second run: nothing
    [digest] = [m for m in mailoutbox if m.to == [mentor.email]]
    assert "5 dingen" in digest.subject and all(f"/i/{n}/" in digest.body for n in range(5))
    assert all(i.student.full_name in digest.body for i in interns)
    assert Digest.objects.filter(recipient=mentor).count() == 1
    assert set(rows.values_list("mail_status", flat=True)) == {"sent"}
    # Tomorrow's new thing waits for tomorrow's digest.
    services.notify(Kind.HOURS_PROPOSED, [mentor], about=interns[0], internship=interns[0], link="/i/9/", dedupe_key="due:9")
    assert services.send_due_digests(at_seven + timedelta(hours=3)) == 0
    assert services.send_due_digests(at_seven + timedelta(days=1)) == 1


# --------------------------------------------------------------------------- pages


def test_the_bell_counts_in_one_query_and_the_list_marks_read(demo, emma):
    teacher = demo.user("teacher@uniform.demo")
    Notification.objects.filter(recipient=teacher).delete()
    sheet = _shared_sheet(demo, emma)
    client = demo.client_for("teacher@uniform.demo")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("home")).content.decode()
    assert len([q for q in queries.captured_queries if "notifications_notification" in q["sql"]]) == 1
    assert 'data-unread="1"' in html and "Meldingen, 1 ongelezen" in html
    page = client.get(reverse("notifications:index")).content.decode()
    row = Notification.objects.get(recipient=teacher)
    assert emma.student.full_name in page and f'action="{reverse("notifications:read", args=[row.pk])}"' in page
    assert client.get(reverse("notifications:read", args=[row.pk])).status_code == 405
    opened = client.post(reverse("notifications:read", args=[row.pk]), {"open": "1"})
    assert opened["Location"] == reverse("feedback:sheet_detail", args=[emma.pk, sheet.pk])
    assert 'data-unread="' not in client.get(reverse("home")).content.decode()
    # Someone else's notification is not found.
    assert demo.client_for("student@uniform.demo").post(reverse("notifications:read", args=[row.pk])).status_code == 404
    student = demo.client_for("student@uniform.demo")
    assert student.post(reverse("notifications:read_all")).status_code == 302
    assert not Notification.objects.filter(recipient__email="student@uniform.demo", read_at__isnull=True).exists()


def test_who_sent_what_for_the_admins_counts_only_for_the_coordinator(demo, emma):
    _shared_sheet(demo, emma)
    admin = demo.client_for("schooladmin@uniform.demo")
    page = admin.get(reverse("notifications:sent")).content.decode()
    assert "Sofie Peeters" in page and "Een feedbackblad werd gedeeld" in page
    assert admin.get(reverse("notifications:sent") + f"?internship={demo.lucas_internship.pk}").status_code == 404
    childcare = demo.client_for("childcare@uniform.demo").get(reverse("notifications:sent")).content.decode()
    assert "Sofie Peeters" in childcare
    assert demo.client_for("teacher@uniform.demo").get(reverse("notifications:sent")).status_code == 403
    coordinator = demo.client_for("coordinator@uniform.demo")
    counts = coordinator.get(reverse("notifications:counts")).content.decode()
    assert "Een feedbackblad werd gedeeld" in counts and "Sofie Peeters" not in counts
    assert coordinator.get(reverse("notifications:sent")).status_code == 403
    assert admin.get(reverse("notifications:counts")).status_code == 403


def test_one_signature_asks_the_other_signer_and_the_lock_tells_both(demo, emma):
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.filter(internship__teacher__email="teacher@uniform.demo", locked_at__isnull=True).select_related("internship").first()
    evaluation.mentor_signed_at, evaluation.teacher_signed_at = timezone.now(), None  # the mentor just signed
    internship = evaluation.internship
    events.evaluation_signed(evaluation, by=internship.mentor, locked=False)
    assert _told(Kind.EVALUATION_READY_TO_SIGN) == {"teacher@uniform.demo"}
    row = Notification.objects.get(kind=Kind.EVALUATION_READY_TO_SIGN)
    assert row.must_act and row.link == reverse("evaluations:evaluation_detail", args=[internship.pk, evaluation.pk])
    events.evaluation_signed(evaluation, by=internship.teacher, locked=True)
    assert _told(Kind.EVALUATION_SIGNED) == {internship.mentor.email}
