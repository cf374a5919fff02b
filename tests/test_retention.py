"""Retention per network (issue 16, acceptance 2; ADR 0023), walked with a frozen clock: an
internship closed on 30 June 2027 loses its criminal record extract on the configured day (not
the day before), its feedback sheets on 31 August 2028 (not on the 30th) with the defaults,
while the evaluation decision stays; a legal hold stops both; the files leave the disk, the
history rows go, and the network's figures do not change. Also: the coordinator's form, the
preview (no names for the coordinator, "< 5"), the legal hold pages and the privacy page."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import access
from audit.models import AccessEvent
from evaluations.models import Evaluation, FeedbackRating, FeedbackSheet
from internships.models import DocumentVersion, HourEntry, IntakeMeeting, Internship, RequiredDocument, Visit
from retention import services
from retention.models import LegalHold, RecordType, RetentionRun, Unit
from retention.rules import DEFAULTS, Rule, expiry, is_sensitive

pytestmark = pytest.mark.django_db

COORDINATOR = "coordinator@uniform.demo"
ADMIN = "schooladmin@uniform.demo"
END = date(2027, 6, 30)
EXTRACT_DAY = date(2027, 7, 14)  # the configured rule below: 14 days after the end
SHEETS_DAY = date(2028, 8, 31)  # the default: 31 August of the next school year


def _at(day, hour=6):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def closed(demo, media, django_capture_on_commit_callbacks):
    """A Limburg demo internship with shared sheets, signed evaluations with a decision, hours
    and a visit, closed on 30 June 2027; its criminal record extract and internship agreement
    have a file (the agreement also an earlier version)."""
    internship = (
        Internship.objects.filter(school__network__slug="limburg", status=Internship.Status.CLOSED,
                                  feedback_sheets__status=FeedbackSheet.Status.SHARED, hour_entries__isnull=False)
        .exclude(student_id__in=LegalHold.objects.active().values("student_id"))
        .distinct().order_by("student__last_name").first()
    )
    Internship.objects.filter(pk=internship.pk).update(start_date=date(2027, 4, 19), end_date=END)
    internship.refresh_from_db()
    docs = {d.document_type.name: d for d in internship.documents.select_related("document_type")}
    extract = next(d for name, d in docs.items() if "strafregister" in name.lower())
    agreement = docs["Stageovereenkomst"]
    for doc, text in ((extract, "uittreksel"), (agreement, "overeenkomst")):
        doc.file.save(f"{text}.pdf", ContentFile(b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"), save=False)
        doc.file_name = f"{text}.pdf"
        doc.save()
    old = DocumentVersion.objects.create(document=agreement, file=agreement.file.name, file_name="eerste.pdf")
    agreement.file.save("overeenkomst-2.pdf", ContentFile(b"%PDF-1.4\n% 2\n%%EOF\n"), save=False)
    agreement.save()
    network = internship.school.network
    rules = {t: DEFAULTS[t] for t in DEFAULTS}
    rules[RecordType.SENSITIVE_DOCUMENTS] = Rule(RecordType.SENSITIVE_DOCUMENTS, "end", 14, Unit.DAYS)
    services.policy_save(network=network, rules=rules, by=demo.user(COORDINATOR))
    paths = {"extract": media / extract.file.name, "agreement": media / agreement.file.name, "old": media / old.file.name}
    assert all(p.exists() for p in paths.values())
    return internship, extract, agreement, paths


def _run(day, capture):
    with time_machine.travel(_at(day), tick=False), capture(execute=True):
        return services.apply_retention(day)


def _figures(demo) -> dict:
    """What the coordinator sees of the network: the calibration pages (both sources) and the
    home's figures, as text without the CSRF token."""
    client = demo.client_for(COORDINATOR)
    pages = {}
    for source in ("sheets", "evaluations"):
        html = client.get(reverse("calibration:index"), {"source": source}).content.decode()
        pages[source] = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    figures = access.network_figures(demo.user(COORDINATOR))
    pages["home"] = repr([(f["network"].pk, sorted((k, v) for k, v in f.items() if k.startswith("n_")),
                           [vars(s) for s in f["attention"]]) for f in figures])
    return pages


def _history_rows(internship) -> int:
    return (Internship.history.filter(id=internship.pk).count()
            + FeedbackSheet.history.filter(internship_id=internship.pk).count()
            + HourEntry.history.filter(internship_id=internship.pk).count()
            + RequiredDocument.history.filter(internship_id=internship.pk).count()
            + Evaluation.history.filter(internship_id=internship.pk).count()
            + IntakeMeeting.history.filter(internship_id=internship.pk).count()
            + Visit.history.filter(internship_id=internship.pk).count())


def test_rules_as_dates():
    assert expiry(END, 1, Unit.SCHOOL_YEARS) == SHEETS_DAY
    assert expiry(date(2027, 9, 1), 1, Unit.SCHOOL_YEARS) == date(2029, 8, 31)
    assert expiry(END, 0, Unit.SCHOOL_YEARS) == date(2027, 8, 31)
    assert expiry(END, 14, Unit.DAYS) == EXTRACT_DAY
    assert expiry(date(2027, 1, 31), 1, Unit.MONTHS) == date(2027, 2, 28)
    for rule in DEFAULTS.values():
        for anchor in (END, date(2027, 8, 31), date(2027, 9, 1), date(2028, 2, 29)):
            due = rule.expires(anchor)
            assert rule.latest_anchor(due) >= anchor
            assert rule.latest_anchor(due - timedelta(days=1)) < anchor
    assert DEFAULTS[RecordType.SHEETS].expires(END) == SHEETS_DAY
    assert is_sensitive("Uittreksel strafregister (model 2)") and is_sensitive("Gezondheidsbeoordeling")
    assert not is_sensitive("Stageovereenkomst")


def test_documents_on_the_configured_day_sheets_on_31_august_decision_stays(demo, closed, django_capture_on_commit_callbacks):
    internship, extract, agreement, paths = closed
    sheets = FeedbackSheet.objects.filter(internship=internship, status=FeedbackSheet.Status.SHARED)
    n_sheets, n_ratings = sheets.count(), FeedbackRating.objects.filter(sheet__in=sheets, level__isnull=False).count()
    decisions = dict(Evaluation.objects.filter(internship=internship).values_list("pk", "decision"))
    assert any(decisions.values()) and n_sheets and n_ratings
    assert sheets.exclude(strengths="").exists()
    assert _history_rows(internship)
    assert IntakeMeeting.objects.filter(internship=internship).exclude(student_expectations="", learning_goals="").exists()
    before = _figures(demo)

    # The day before the configured day: nothing goes.
    _run(date(2027, 7, 13), django_capture_on_commit_callbacks)
    extract.refresh_from_db()
    assert extract.file and paths["extract"].exists()

    # The configured day: the extract's file leaves the disk; the agreement (other documents) stays.
    runs = _run(EXTRACT_DAY, django_capture_on_commit_callbacks)
    extract.refresh_from_db()
    assert not extract.file and not extract.file_name and not paths["extract"].exists()
    assert extract.status  # the row (its status) stays
    assert paths["agreement"].exists() and paths["old"].exists()
    limburg = next(r for r in runs if r.network_id == internship.school.network_id)
    assert limburg.counts[RecordType.SENSITIVE_DOCUMENTS] >= 1
    assert RequiredDocument.history.filter(id=extract.pk).count() == 0

    # 30 August 2028: the sheets are still whole.
    _run(date(2028, 8, 30), django_capture_on_commit_callbacks)
    assert sheets.exclude(strengths="").exists()
    assert HourEntry.objects.filter(internship=internship).exists()

    # 31 August 2028 (the defaults): sheets without text, other documents and hours gone,
    # history gone; the decision and the levels stay, and so do the figures.
    with time_machine.travel(_at(SHEETS_DAY), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.apply_retention(SHEETS_DAY)
        after = _figures(demo)
    assert sheets.count() == n_sheets
    assert not sheets.exclude(strengths="", work_points="", agreements="", reflection="").exists()
    assert FeedbackRating.objects.filter(sheet__in=sheets, level__isnull=False).count() == n_ratings
    assert not FeedbackRating.objects.filter(sheet__in=sheets).exclude(remark="").exists()
    for snapshot in sheets.exclude(snapshot=None).values_list("snapshot", flat=True):
        assert not snapshot["strengths"] and not snapshot["work_points"]
    assert dict(Evaluation.objects.filter(internship=internship).values_list("pk", "decision")) == decisions
    assert not Evaluation.objects.filter(internship=internship).exclude(mentor_advice="", school_assessment="").exists()
    assert not paths["agreement"].exists() and not paths["old"].exists()
    assert not DocumentVersion.objects.filter(document=agreement).exists()
    assert not HourEntry.objects.filter(internship=internship).exists()
    assert not Visit.objects.filter(internship=internship).exclude(notes="", agreements="").exists()
    assert not IntakeMeeting.objects.filter(internship=internship).exclude(student_expectations="", learning_goals="",
                                                                           practical_agreements="").exists()
    assert _history_rows(internship) == 0
    internship.refresh_from_db()
    assert internship.hours_done  # the total stays
    assert after == before
    assert RetentionRun.objects.filter(network=internship.school.network, day=SHEETS_DAY).get().counts[RecordType.SHEETS] >= n_sheets

    # A second run removes nothing more.
    second = _run(SHEETS_DAY, django_capture_on_commit_callbacks)
    assert not any(second[0].counts.values()) or all(
        not v for k, v in next(r for r in second if r.network_id == internship.school.network_id).counts.items()
        if k in (RecordType.SHEETS, RecordType.DOCUMENTS, RecordType.HOURS))


@pytest.mark.parametrize("on", ["student", "internship"])
def test_a_legal_hold_stops_both(demo, closed, django_capture_on_commit_callbacks, on):
    internship, extract, agreement, paths = closed
    admin = demo.user(ADMIN)
    hold = services.hold_place(by=admin, reason="Beroep tegen de beslissing loopt.",
                               **({"student": internship.student} if on == "student" else {"internship": internship}))
    sheets = FeedbackSheet.objects.filter(internship=internship, status=FeedbackSheet.Status.SHARED)
    history = _history_rows(internship)
    runs = _run(EXTRACT_DAY, django_capture_on_commit_callbacks)
    _run(SHEETS_DAY, django_capture_on_commit_callbacks)
    extract.refresh_from_db()
    assert extract.file and paths["extract"].exists() and paths["agreement"].exists() and paths["old"].exists()
    assert sheets.exclude(strengths="").exists()
    assert HourEntry.objects.filter(internship=internship).exists()
    assert _history_rows(internship) == history
    assert next(r for r in runs if r.network_id == internship.school.network_id).skipped_on_hold >= 1

    # Lifted: the next run removes what is due (who lifted it, and when, stay on the hold).
    services.hold_lift(hold=hold, by=admin)
    hold.refresh_from_db()
    assert hold.lifted_by == admin and hold.lifted_at
    _run(SHEETS_DAY, django_capture_on_commit_callbacks)
    extract.refresh_from_db()
    assert not extract.file and not paths["extract"].exists()
    assert not sheets.exclude(strengths="").exists()


def test_audit_rows_go_inside_purge_allowed(demo, closed, django_capture_on_commit_callbacks):
    internship = closed[0]
    network = internship.school.network
    old = AccessEvent.objects.create(at=_at(date(2027, 7, 1)), network=network, student=internship.student,
                                     internship=internship, what="record")
    recent = AccessEvent.objects.create(at=_at(date(2028, 7, 1)), network=network, student=internship.student, what="record")
    _run(date(2028, 8, 30), django_capture_on_commit_callbacks)
    assert AccessEvent.objects.filter(pk=old.pk).exists()
    _run(SHEETS_DAY, django_capture_on_commit_callbacks)  # 1 school year after 2026–27 … 31 Aug 2028
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert AccessEvent.objects.filter(pk=recent.pk).exists()


def test_command_dry_run_removes_nothing(demo, closed, capsys):
    extract = closed[1]
    call_command("apply_retention", "--dry-run", "--date", EXTRACT_DAY.isoformat())
    out = capsys.readouterr().out
    assert "would remove" in out and "sensitive_documents=" in out
    extract.refresh_from_db()
    assert extract.file and closed[3]["extract"].exists()


# --------------------------------------------------------------------------- the pages


def _policy_post(network, **changes):
    from retention.selectors import contact_of, policy_of

    data = {}
    for t, rule in policy_of(network).items():
        data[f"{t}_amount"], data[f"{t}_unit"] = rule.amount, rule.unit
    contact = contact_of(network)
    data |= {"contact_name": contact.name if contact else "Katrien", "contact_email": contact.email if contact else "k@example.org",
             "contact_phone": "", "contact_organisation": ""}
    data.update(changes)
    return data


def test_coordinator_form_validates_and_saves(demo):
    client = demo.client_for(COORDINATOR)
    network = demo.emma.school.network
    url = reverse("retention:policy")
    page = client.get(url)
    assert page.status_code == 200 and "Bewaring en privacy" in page.content.decode()

    # Extracts kept longer than the other documents: refused, re-rendered with the message.
    bad = client.post(url, _policy_post(network, sensitive_documents_amount=3, sensitive_documents_unit=Unit.SCHOOL_YEARS))
    assert bad.status_code == 400
    assert "niet langer bewaard dan de andere documenten" in bad.content.decode()
    # A decision kept shorter than the evaluation's texts: refused.
    bad = client.post(url, _policy_post(network, decisions_amount=0, decisions_unit=Unit.DAYS))
    assert bad.status_code == 400 and "beslissing" in bad.content.decode()
    # Not a number, a missing contact address: the fields' own messages.
    bad = client.post(url, _policy_post(network, hours_amount="veel", contact_email=""))
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Geef een geheel getal" in text and "veel" in text and "Dit veld is verplicht" in text

    ok = client.post(url, _policy_post(network, hours_amount=2, sensitive_documents_amount=10, contact_name="Katrien V."))
    assert ok.status_code == 302
    from retention.selectors import contact_of, policy_of

    assert policy_of(network)[RecordType.HOURS].amount == 2
    assert policy_of(network)[RecordType.SENSITIVE_DOCUMENTS].amount == 10
    assert contact_of(network).name == "Katrien V."


def test_privacy_page_in_dutch_with_the_networks_numbers(demo, client):
    network = demo.emma.school.network
    services.policy_save(network=network, rules={RecordType.NOTIFICATIONS: Rule(RecordType.NOTIFICATIONS, "record", 9, Unit.MONTHS)},
                         by=demo.user(COORDINATOR))
    services.contact_save(network=network, name="Katrien Vandersteen", email="privacy@limburg.example")
    page = client.get(reverse("privacy_notice:page", args=[network.slug]))  # logged out
    text = page.content.decode()
    assert page.status_code == 200
    assert "9 maanden nadat het gemaakt is" in text
    assert "tot 31 augustus van het schooljaar na de stage" in text
    assert "30 dagen na het einde van de stage" in text
    assert "Katrien Vandersteen" in text and "privacy@limburg.example" in text
    assert "Wie ziet het" in text and "Waarom" in text
    # The other network's page has its own settings, not these.
    other = client.get(reverse("privacy_notice:page", args=[demo.lucas.school.network.slug])).content.decode()
    assert "9 maanden" not in other and "Katrien Vandersteen" not in other
    # Linked from the footer of every page, and a logged-in user lands on their own network's.
    assert reverse("privacy_notice:index") in client.get(reverse("accessibility")).content.decode()
    mine = demo.client_for("mentor@other.demo").get(reverse("privacy_notice:index"))
    assert mine.status_code == 302 and mine["Location"].endswith(f"/privacy/{demo.lucas.school.network.slug}/")


def test_invitation_mail_links_the_privacy_page(demo, mailoutbox):
    from tenancy.models import Invitation, Role
    from tenancy.services import invitation_send

    invitation = Invitation.objects.filter(role=Role.TEACHER, network__slug="limburg").first() or Invitation.objects.first()
    invitation_send(invitation=invitation, accept_url="https://uniform.example/invite/abc/")
    assert f"https://uniform.example/privacy/{invitation.network.slug}/" in mailoutbox[-1].body


def test_coordinator_preview_has_no_names_and_hides_small_groups(demo):
    client = demo.client_for(COORDINATOR)
    page = client.get(reverse("retention:preview"))
    text = page.content.decode()
    assert page.status_code == 200
    # The demo internship that ended three weeks ago: its extract and health assessment are due.
    assert "Campus De Lindeboom" in text and "&lt; 5" in text
    from privacy.services import is_erased
    from schools.models import Student

    for student in Student.objects.filter(school__network__slug="limburg"):
        if is_erased(student):  # "Anonieme leerling": no name left to leak
            continue
        assert student.full_name not in text and student.last_name not in text


def test_school_admin_preview_and_hold_pages(demo):
    client = demo.client_for(ADMIN)
    page = client.get(reverse("retention:school"))
    text = page.content.decode()
    assert page.status_code == 200
    demo_internship = Internship.objects.get(events__kind="retention_demo")
    assert demo_internship.student.full_name in text
    assert LegalHold.objects.get(student__school__name="Campus De Lindeboom").student.full_name in text  # the demo hold

    # Place a hold on the student from the student's page: a reason is required.
    student = demo_internship.student
    detail = client.get(reverse("schools:student", args=[student.pk])).content.decode()
    assert reverse("retention:student_hold", args=[student.pk]) in detail
    url = reverse("retention:student_hold", args=[student.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and "Geef de reden" in refused.content.decode()
    assert client.post(url, {"reason": "Klacht van de ouders."}).status_code == 302
    hold = LegalHold.objects.active().get(student=student)
    assert hold.placed_by == demo.user(ADMIN) and hold.reason == "Klacht van de ouders."
    assert "Klacht van de ouders." in client.get(reverse("schools:student", args=[student.pk])).content.decode()
    # The preview marks the internship as kept.
    assert "door een blokkering bewaard" in client.get(reverse("retention:school")).content.decode()
    # Lift it: who and when stay.
    assert client.post(reverse("retention:hold_lift", args=[hold.pk])).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at and hold.lifted_by == demo.user(ADMIN)
    # The teacher sees the student but places no hold; the student page shows them no box.
    teacher = demo.client_for("teacher@uniform.demo")
    assert teacher.post(reverse("retention:student_hold", args=[demo.emma.pk]), {"reason": "x"}).status_code == 403
    assert "legal-hold" not in teacher.get(reverse("schools:student", args=[demo.emma.pk])).content.decode()


def test_preview_pages_make_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    """One query per table and kind, whatever the number of internships (ADR 0023)."""
    for who, url in ((COORDINATOR, reverse("retention:preview")), (ADMIN, reverse("retention:school"))):
        client = demo.client_for(who)
        client.get(url)
        with django_assert_max_num_queries(32):
            assert client.get(url).status_code == 200
