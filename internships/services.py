"""Writes for internships: creating them (one or a whole group), people, lifecycle, intake and
schedule, required documents, visits and hours. Keyword-only, atomic, validated; every change
that matters leaves a line on the internship's timeline."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.models import Programme
from catalogue.services import current_version
from childcare.models import Site
from internships.models import (
    DocumentType,
    DocumentVersion,
    HourEntry,
    IntakeMeeting,
    Internship,
    InternshipEvent,
    Override,
    RequiredDocument,
    ScheduleSlot,
    Visit,
)
from notifications import events as notification_events
from schools.models import Student
from tenancy.models import Membership, Role

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: What a file must start with to be accepted (type checked by content, not by name).
FILE_SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
}

S = Internship.Status
#: The lifecycle: which status may follow which. Midterm and final come from the evaluations.
#: Closing before the final evaluation is signed is possible only as an override (a student who
#: stops early): the guardrails below block it otherwise.
TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.INTAKE_DONE},
    S.INTAKE_DONE: {S.RUNNING},
    S.RUNNING: {S.MIDTERM, S.CLOSED},
    S.MIDTERM: {S.FINAL, S.CLOSED},
    S.FINAL: {S.CLOSED},
    S.CLOSED: set(),
}
#: Transitions a person may make with a button; the others are hooks for the evaluations.
MANUAL_TRANSITIONS = {(S.INTAKE_DONE, S.RUNNING), (S.RUNNING, S.CLOSED), (S.MIDTERM, S.CLOSED), (S.FINAL, S.CLOSED)}
#: An override needs a reason of at least this many characters (a sentence, not "ok").
MIN_REASON = 10


def event(internship: Internship, actor, kind: str, text: str) -> InternshipEvent:
    return InternshipEvent.objects.create(internship=internship, actor=actor, kind=kind, text=text[:300])


# --------------------------------------------------------------------------- creating


def _check_people(*, school, site, mentor, teacher) -> None:
    if mentor is not None and not Membership.objects.active().filter(user=mentor, role=Role.MENTOR, site=site).exists():
        raise ValidationError(_("The mentor does not work at this site."))
    if teacher is not None and not Membership.objects.active().filter(
        user=teacher, role=Role.TEACHER, organisation=school
    ).exists():
        raise ValidationError(_("The teacher does not teach at this school."))


def _check_period(start_date: date, end_date: date) -> None:
    if end_date < start_date:
        raise ValidationError(_("The internship cannot end before it starts."))
    if (end_date - start_date).days > 366:
        raise ValidationError(_("An internship lasts at most a year."))


#: A document asked for after its usual due date is due this many days later.
LATE_DOCUMENT_DAYS = 7


def documents_add(*, internship: Internship, document_types, by=None) -> list[RequiredDocument]:
    """Ask these documents for the internship, due a number of days before its start."""
    existing = set(internship.documents.values_list("document_type_id", flat=True))
    created = []
    for doc_type in document_types:
        if doc_type.network_id != internship.school.network_id:
            raise ValidationError(_("That document type belongs to another network."))
        if doc_type.pk in existing:
            continue
        # Due N days before the start; planned later than that, due within a week of asking
        # (a document is never overdue on the day it is asked for), and never after the end.
        due = internship.start_date - timedelta(days=doc_type.days_before_start)
        asked = timezone.localdate()
        if due < asked:
            due = min(asked + timedelta(days=LATE_DOCUMENT_DAYS), max(internship.end_date, asked))
        created.append(RequiredDocument.objects.create(internship=internship, document_type=doc_type, due_date=due))
    if created and by is not None:
        event(internship, by, "documents", _("Documents asked: %(names)s") % {"names": ", ".join(d.document_type.name for d in created)})
    return created


@transaction.atomic
def internship_create(
    *,
    school,
    student: Student,
    programme: Programme,
    site: Site,
    start_date: date,
    end_date: date,
    mentor=None,
    teacher=None,
    required_hours: int = 120,
    document_types=(),
    by=None,
) -> Internship:
    """A new internship, pinned to the programme's current catalogue version: later versions
    never change it. Everything must belong to the school's network."""
    network_id = school.network_id
    if student.school_id != school.pk:
        raise ValidationError(_("The student does not belong to this school."))
    if student.is_archived:
        raise ValidationError(_("%(name)s is archived.") % {"name": student.full_name})
    if programme.network_id != network_id or site.organisation.network_id != network_id:
        raise ValidationError(_("The programme and the site must belong to the school's network."))
    version = current_version(programme)
    if version is None:
        raise ValidationError(_("This programme has no published catalogue version yet."))
    _check_people(school=school, site=site, mentor=mentor, teacher=teacher)
    _check_period(start_date, end_date)
    overlapping = student.internships.exclude(status=S.CLOSED).filter(start_date__lte=end_date, end_date__gte=start_date)
    if overlapping.exists():
        raise ValidationError(
            _("%(name)s already has an internship in this period.") % {"name": student.full_name}
        )
    internship = Internship(
        school=school, student=student, site=site, mentor=mentor, teacher=teacher, catalogue_version=version,
        start_date=start_date, end_date=end_date, required_hours=required_hours,
    )
    internship.full_clean()
    internship.save()
    event(internship, by, "created", _("Internship planned at %(site)s.") % {"site": site.name})
    notification_events.internship_planned(internship, by=by)
    # The documents the school asks, and those the site requires (its profile, ADR 0017).
    asked = {d.pk: d for d in [*document_types, *site.required_documents.all()]}
    documents_add(internship=internship, document_types=list(asked.values()))
    return internship


@transaction.atomic
def internships_create_for_group(*, students, by=None, **common) -> list[Internship]:
    """One internship per student, all or nothing: one refusal cancels the whole batch, and
    every refusal is reported."""
    created, problems = [], []
    for student in students:
        try:
            with transaction.atomic():
                created.append(internship_create(student=student, by=by, **common))
        except ValidationError as error:
            problems += [f"{student.full_name}: {m}" for m in error.messages]
    if problems:
        raise ValidationError(problems)
    return created


@transaction.atomic
def internship_change(
    *, internship: Internship, by, mentor, teacher, start_date: date, end_date: date, required_hours: int
) -> Internship:
    """Change the people or the period. The history keeps who was mentor or teacher before."""
    obj = Internship.objects.select_for_update(of=("self",)).select_related("mentor", "teacher", "site", "school").get(pk=internship.pk)
    if obj.status == S.CLOSED:
        raise ValidationError(_("A closed internship does not change any more."))
    _check_people(school=obj.school, site=obj.site, mentor=mentor, teacher=teacher)
    _check_period(start_date, end_date)
    changes = []
    if obj.mentor_id != (mentor.pk if mentor else None):
        changes.append(_("mentor %(old)s → %(new)s") % {"old": obj.mentor or "–", "new": mentor or "–"})
    if obj.teacher_id != (teacher.pk if teacher else None):
        changes.append(_("teacher %(old)s → %(new)s") % {"old": obj.teacher or "–", "new": teacher or "–"})
    if (obj.start_date, obj.end_date) != (start_date, end_date):
        changes.append(_("period %(start)s – %(end)s") % {"start": start_date.strftime("%d/%m/%Y"), "end": end_date.strftime("%d/%m/%Y")})
    if obj.required_hours != required_hours:
        changes.append(_("required hours %(old)s → %(new)s") % {"old": obj.required_hours, "new": required_hours})
    obj.mentor, obj.teacher, obj.start_date, obj.end_date, obj.required_hours = mentor, teacher, start_date, end_date, required_hours
    obj.full_clean()
    obj.save()
    if changes:
        event(obj, by, "people", _("Changed: %(changes)s") % {"changes": "; ".join(str(c) for c in changes)})
    return obj


# --------------------------------------------------------------------------- lifecycle


def start_blockers(internship: Internship, today: date | None = None) -> list[str]:
    """What keeps the internship from starting: its start date still to come, documents that
    block the start (``DocumentType.blocks_start``, set per network) not approved yet."""
    today = today or timezone.localdate()
    problems = []
    if today < internship.start_date:
        problems.append(_("The internship starts on %(date)s.") % {"date": internship.start_date.strftime("%d/%m/%Y")})
    documents = RequiredDocument.objects.filter(internship=internship, document_type__blocks_start=True).exclude(
        status=RequiredDocument.Status.APPROVED
    ).select_related("document_type")
    for document in documents:
        if document.status == RequiredDocument.Status.MISSING:
            problems.append(_("%(doc)s is missing.") % {"doc": document.document_type.name})
        else:
            problems.append(_("%(doc)s is handed in but not approved yet.") % {"doc": document.document_type.name})
    return problems


def close_blockers(internship: Internship) -> list[str]:
    """What keeps the internship from closing: the final evaluation not signed, fewer confirmed
    hours than required."""
    from evaluations.models import Evaluation

    problems = []
    final = Evaluation.objects.filter(internship=internship, kind=Evaluation.Kind.FINAL).order_by("-number").first()
    if final is None:
        problems.append(_("The final evaluation has not been made yet."))
    elif final.locked_at is None:
        problems.append(_("The final evaluation is not signed yet."))
    confirmed = internship.hour_entries.filter(status=HourEntry.Status.CONFIRMED, is_absence=False).aggregate(s=Sum("hours"))["s"] or Decimal("0")
    if confirmed < internship.required_hours:
        problems.append(_("%(done)s of the %(required)s required hours are confirmed.") % {
            "done": f"{confirmed.normalize():f}".replace(".", ","), "required": internship.required_hours,
        })
    return problems


def blockers(internship: Internship, to: str) -> list[str]:
    """What blocks the step to ``to`` (nothing for the steps the evaluations make)."""
    if to == S.RUNNING:
        return start_blockers(internship)
    if to == S.CLOSED:
        return close_blockers(internship)
    return []


@transaction.atomic
def internship_transition(
    *, internship: Internship, to: str, by=None, manual: bool = True, reason: str = "", may_override: bool = False
) -> Internship:
    """Move the internship along its lifecycle; only the allowed steps. Buttons may make the
    manual steps; the evaluations call this with ``manual=False``.

    Starting and closing have guardrails (``blockers``): a blocked step is refused with what is
    missing, unless the school admin (``may_override``) gives a ``reason``; the override is kept
    (``Override``) and logged on the timeline. Closing cancels the visits still planned."""
    obj = Internship.objects.select_for_update().get(pk=internship.pk)
    if to not in TRANSITIONS.get(obj.status, set()):
        raise ValidationError(
            _("An internship that is %(current)s cannot become %(to)s.")
            % {"current": obj.get_status_display(), "to": S(to).label if to in S.values else to}
        )
    if manual and (obj.status, to) not in MANUAL_TRANSITIONS:
        raise ValidationError(_("This step follows from the evaluations."))
    problems = blockers(obj, to) if manual else []
    reason = (reason or "").strip()
    if problems and reason and not may_override:
        raise ValidationError(_("Only the school's internship coordinator can start or close an internship despite what is missing."))
    if problems and not reason:
        heading = _("The internship cannot start yet:") if to == S.RUNNING else _("The internship cannot be closed yet:")
        raise ValidationError([heading, *problems])
    if problems and len(reason) < MIN_REASON:
        raise ValidationError(_("Say in a sentence why the internship may go ahead anyway."))
    if len(reason) > 2000:
        raise ValidationError(_("The reason is longer than %(n)s characters.") % {"n": 2000})
    obj.status = to
    obj.save(update_fields=["status"])
    if problems:
        step = Override.Step.START if to == S.RUNNING else Override.Step.CLOSE
        Override.objects.create(internship=obj, step=step, blocked_by="\n".join(problems), reason=reason, by=by)
        text = _("Started despite: %(missing)s Reason: %(reason)s") if to == S.RUNNING else _("Closed despite: %(missing)s Reason: %(reason)s")
        event(obj, by, "override", text % {"missing": " ".join(problems), "reason": reason})
    event(obj, by, "status", _("Status: %(status)s") % {"status": obj.get_status_display()})
    if to == S.CLOSED:
        planned = list(Visit.objects.select_for_update().filter(internship=obj, status=Visit.Status.PLANNED))
        for visit in planned:  # save() each, so the history keeps it
            visit.status = Visit.Status.CANCELLED
            visit.revision += 1
            visit.save(update_fields=["status", "revision"])
        if planned:
            event(obj, by, "visit", ngettext("%(n)s planned visit cancelled: the internship is closed.",
                                             "%(n)s planned visits cancelled: the internship is closed.", len(planned)) % {"n": len(planned)})
    return obj


def _check_open(internship: Internship) -> None:
    """A closed internship is read only."""
    if Internship.objects.filter(pk=internship.pk, status=S.CLOSED).exists():
        raise ValidationError(_("A closed internship does not change any more."))


# --------------------------------------------------------------------------- intake and schedule


def _parse_slots(slots) -> list[tuple[int, time, time]]:
    parsed = []
    for weekday, start, end in slots:
        if end <= start:
            raise ValidationError(_("On %(day)s the end time is not after the start time.") % {"day": ScheduleSlot.Weekday(weekday).label})
        parsed.append((weekday, start, end))
    by_day: dict[int, list] = {}
    for weekday, start, end in sorted(parsed):
        previous = by_day.setdefault(weekday, [])
        if previous and previous[-1][1] > start:
            raise ValidationError(_("On %(day)s two blocks overlap.") % {"day": ScheduleSlot.Weekday(weekday).label})
        previous.append((start, end))
    return parsed


@transaction.atomic
def intake_record(
    *, internship: Internship, by, revision: int | None, date: date, attendees: str, student_expectations: str = "",
    learning_goals: str = "", site_expectations: str = "", practical_agreements: str = "", slots=(),
) -> IntakeMeeting:
    """Record (or update) the intake meeting and the weekly schedule. The first record moves a
    planned internship to "intake done"."""
    obj = Internship.objects.select_for_update().get(pk=internship.pk)
    if obj.status == S.CLOSED:
        raise ValidationError(_("A closed internship does not change any more."))
    if date > timezone.localdate():
        raise ValidationError(_("The intake meeting is recorded after it took place: its date cannot be in the future."))
    parsed = _parse_slots(slots)
    intake = IntakeMeeting.objects.select_for_update().filter(internship=obj).first()
    if intake is not None and revision != intake.revision:
        raise ValidationError(
            _("%(who)s saved this intake in the meantime. Reload the page to see their version; your text is still in the form.")
            % {"who": intake.recorded_by or _("Someone")}
        )
    created = intake is None
    intake = intake or IntakeMeeting(internship=obj)
    intake.date, intake.attendees = date, attendees.strip()
    intake.student_expectations, intake.learning_goals = student_expectations.strip(), learning_goals.strip()
    intake.site_expectations, intake.practical_agreements = site_expectations.strip(), practical_agreements.strip()
    intake.recorded_by = by
    intake.revision = 1 if created else intake.revision + 1
    intake.full_clean(exclude=["internship"])
    intake.save()
    obj.schedule.all().delete()
    ScheduleSlot.objects.bulk_create(ScheduleSlot(internship=obj, weekday=w, start_time=s, end_time=e) for w, s, e in parsed)
    event(obj, by, "intake", _("Intake meeting recorded (%(date)s).") % {"date": date.strftime("%d/%m/%Y")} if created
          else _("Intake meeting updated."))
    if obj.status == S.PLANNED:
        obj.status = S.INTAKE_DONE
        obj.save(update_fields=["status"])
        event(obj, by, "status", _("Status: %(status)s") % {"status": obj.get_status_display()})
    return intake


# --------------------------------------------------------------------------- documents


@transaction.atomic
def document_set_status(*, document: RequiredDocument, status: str, by, may_approve: bool) -> RequiredDocument:
    doc = RequiredDocument.objects.select_for_update(of=("self",)).select_related("document_type").get(pk=document.pk)
    if status not in RequiredDocument.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == RequiredDocument.Status.APPROVED and not may_approve:
        raise ValidationError(_("You can mark a document as handed in; the school or the organisation approves it."))
    if doc.status == RequiredDocument.Status.APPROVED and not may_approve:
        raise ValidationError(_("This document is approved already."))
    if doc.status == status:
        return doc
    was = doc.status
    doc.status, doc.changed_by, doc.changed_at = status, by, timezone.now()
    doc.save()
    event(doc.internship, by, "document", f"{doc.document_type.name}: {doc.get_status_display()}")
    if status == RequiredDocument.Status.APPROVED:
        notification_events.document_decided(doc, by=by, approved=True)
    elif status == RequiredDocument.Status.MISSING and was != RequiredDocument.Status.MISSING and may_approve:
        notification_events.document_decided(doc, by=by, approved=False)  # set back: refused
    return doc


@transaction.atomic
def document_type_update(*, document_type: DocumentType, by, is_default: bool, blocks_start: bool, days_before_start: int) -> DocumentType:
    """The coordinator's settings of one document type of the network: asked by default, needed
    to start (the guardrail), due how many days before the start."""
    obj = DocumentType.objects.select_for_update().get(pk=document_type.pk)
    if not 0 <= days_before_start <= 120:
        raise ValidationError(_("Give the days before the start (0 to 120)."))
    obj.is_default, obj.blocks_start, obj.days_before_start = is_default, blocks_start, days_before_start
    obj.full_clean()
    obj.save()
    return obj


def sniff_file(head: bytes) -> tuple[str, str] | None:
    for signature, kind in FILE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


@transaction.atomic
def document_upload(*, document: RequiredDocument, upload, by) -> RequiredDocument:
    """Attach a PDF or image (checked by content, at most 5 MB); a missing document becomes
    handed in."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_file(head)
    if kind is None:
        raise ValidationError(_("Only PDF, PNG or JPEG files can be uploaded."))
    doc = RequiredDocument.objects.select_for_update(of=("self",)).select_related("document_type").get(pk=document.pk)
    if doc.is_read_only:
        raise ValidationError(
            _("This document is approved, so its file can no longer be replaced. Ask the school to set it back "
              "to “handed in” first.")
        )
    now = timezone.now()
    replaced = bool(doc.file)
    if replaced:
        # The earlier file stays on disk and in the dossier, as a version: who, when.
        DocumentVersion.objects.create(
            document=doc, file=doc.file.name, file_name=doc.file_name, file_type=doc.file_type,
            uploaded_by=doc.uploaded_by, uploaded_at=doc.uploaded_at or doc.changed_at, replaced_by=by, replaced_at=now,
        )
    content_type, extension = kind
    doc.file.save(f"{doc.pk}{extension}", upload, save=False)
    doc.file_name = (upload.name or f"document{extension}")[-200:]
    doc.file_type = content_type
    doc.uploaded_by, doc.uploaded_at = by, now
    if doc.status == RequiredDocument.Status.MISSING:
        doc.status = RequiredDocument.Status.HANDED_IN
    doc.changed_by, doc.changed_at = by, now
    doc.save()
    what = _("%(doc)s: file replaced (the earlier one is kept)") if replaced else _("%(doc)s: file added")
    event(doc.internship, by, "document", what % {"doc": doc.document_type.name})
    notification_events.document_uploaded(doc, by=by)
    return doc


# --------------------------------------------------------------------------- visits


#: A visit may fall a little before the internship (to get to know the site) or after it (to
#: close it), but not years away: a typo like 1999 must not reach the dossier.
VISIT_MARGIN_DAYS = 60


def _check_visit_date(internship: Internship, day: date) -> None:
    margin = timedelta(days=VISIT_MARGIN_DAYS)
    if not internship.start_date - margin <= day <= internship.end_date + margin:
        raise ValidationError(
            _("A visit falls between %(first)s and %(last)s (the internship, give or take two months).")
            % {"first": (internship.start_date - margin).strftime("%d/%m/%Y"), "last": (internship.end_date + margin).strftime("%d/%m/%Y")}
        )


@transaction.atomic
def visit_plan(*, internship: Internship, by, date: date, time=None, with_whom: str = "") -> Visit:
    _check_open(internship)
    _check_visit_date(internship, date)
    visit = Visit(internship=internship, date=date, time=time, with_whom=with_whom.strip(), created_by=by)
    visit.full_clean()
    visit.save()
    event(internship, by, "visit", _("Visit planned on %(date)s.") % {"date": date.strftime("%d/%m/%Y")})
    notification_events.visit_changed(visit, by=by, kind=notification_events.Kind.VISIT_PLANNED)
    return visit


@transaction.atomic
def visit_update(
    *, visit: Visit, by, revision: int | None, date: date, time, status: str, with_whom: str, notes: str, agreements: str
) -> Visit:
    obj = Visit.objects.select_for_update().get(pk=visit.pk)
    _check_open(obj.internship)
    if status == Visit.Status.DONE and date > timezone.localdate():
        raise ValidationError(_("A visit can be marked done from its day on (%(date)s), not before.") % {"date": date.strftime("%d/%m/%Y")})
    if revision != obj.revision:
        raise ValidationError(_("This visit was changed in the meantime. Reload the page; your text is still in the form."))
    if date != obj.date:
        _check_visit_date(obj.internship, date)
    was, was_when = obj.status, (obj.date, obj.time)
    obj.date, obj.time, obj.status, obj.with_whom = date, time, status, with_whom.strip()
    obj.notes, obj.agreements = notes.strip(), agreements.strip()
    obj.revision += 1
    obj.full_clean()
    obj.save()
    if was != obj.status:
        event(obj.internship, by, "visit", _("Visit of %(date)s: %(status)s") % {"date": date.strftime("%d/%m/%Y"), "status": obj.get_status_display()})
    if obj.status == Visit.Status.CANCELLED and was != Visit.Status.CANCELLED:
        notification_events.visit_changed(obj, by=by, kind=notification_events.Kind.VISIT_CANCELLED)
    elif obj.status == Visit.Status.PLANNED and (was != Visit.Status.PLANNED or was_when != (obj.date, obj.time)):
        notification_events.visit_changed(obj, by=by, kind=notification_events.Kind.VISIT_MOVED)
    return obj


# --------------------------------------------------------------------------- hours


def _recompute_hours(internship: Internship) -> None:
    total = internship.hour_entries.filter(status=HourEntry.Status.CONFIRMED, is_absence=False).aggregate(s=Sum("hours"))["s"]
    Internship.objects.filter(pk=internship.pk).update(hours_done=total or Decimal("0"))


@transaction.atomic
def hours_log(
    *, internship: Internship, by, day: date, hours: Decimal, is_absence: bool = False, absence_reason: str = "",
    note: str = "", by_mentor: bool = False,
) -> HourEntry:
    """Log one day. The student proposes, the mentor confirms; what the mentor logs counts at once."""
    _check_open(internship)
    if day < internship.start_date or day > internship.end_date:
        raise ValidationError(_("The date is outside the internship period."))
    if day > timezone.localdate():
        raise ValidationError(_("Hours are logged after the day, not before."))
    if is_absence:
        hours = Decimal("0")
    elif not Decimal("0") < hours <= Decimal("24"):
        raise ValidationError(_("Give the hours of that day (more than 0, at most 24)."))
    entry = HourEntry.objects.select_for_update().filter(internship=internship, date=day).first()
    if entry and entry.status == HourEntry.Status.CONFIRMED and not by_mentor:
        raise ValidationError(_("That day is confirmed already; ask your mentor to correct it."))
    entry = entry or HourEntry(internship=internship, date=day)
    entry.hours, entry.is_absence, entry.absence_reason, entry.note = hours, is_absence, absence_reason.strip(), note.strip()
    entry.logged_by = by
    entry.reject_reason = ""  # logged again: a new proposal, the old rejection stays in the history
    if by_mentor:
        entry.status, entry.confirmed_by, entry.confirmed_at = HourEntry.Status.CONFIRMED, by, timezone.now()
    else:
        entry.status, entry.confirmed_by, entry.confirmed_at = HourEntry.Status.PROPOSED, None, None
    entry.full_clean()
    entry.save()
    _recompute_hours(internship)
    if entry.status == HourEntry.Status.PROPOSED:
        notification_events.hours_proposed(entry, by=by)
    return entry


@transaction.atomic
def hours_confirm_proposed(*, internship: Internship, by, expected: int | None = None) -> int:
    """Confirm every day still to confirm (one tap for the mentor); hours done recomputed once.
    ``expected``: how many days the button promised; if days were proposed since, nothing is
    confirmed unseen."""
    _check_open(internship)
    now = timezone.now()
    entries = list(HourEntry.objects.select_for_update().filter(internship=internship, status=HourEntry.Status.PROPOSED))
    if expected is not None and expected != len(entries):
        raise ValidationError(_("The days to confirm changed since the page was opened (%(seen)s then, %(now)s now); "
                                "look at them again. Nothing was confirmed.") % {"seen": expected, "now": len(entries)})
    for entry in entries:  # save() each, so the history keeps who confirmed
        entry.status, entry.confirmed_by, entry.confirmed_at = HourEntry.Status.CONFIRMED, by, now
        entry.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    _recompute_hours(internship)
    return len(entries)


@transaction.atomic
def hours_decide(*, entry: HourEntry, by, confirm: bool, reason: str = "") -> HourEntry:
    """Confirm a logged day, or reject it saying why (``reason``, required: the student reads it
    beside the day, and the day's history keeps it)."""
    reason = " ".join((reason or "").split())
    if not confirm and not reason:
        raise ValidationError(_("Say why you reject these hours; the student reads it."))
    limit = HourEntry._meta.get_field("reject_reason").max_length or 300
    if len(reason) > limit:
        raise ValidationError(_("The reason is longer than %(n)s characters.") % {"n": limit})
    obj = HourEntry.objects.select_for_update().get(pk=entry.pk)
    _check_open(obj.internship)
    obj.status = HourEntry.Status.CONFIRMED if confirm else HourEntry.Status.REJECTED
    obj.reject_reason = "" if confirm else reason
    obj.confirmed_by, obj.confirmed_at = by, timezone.now()
    obj.save()
    if not confirm:
        event(obj.internship, by, "hours", _("Hours of %(day)s rejected: %(reason)s") % {"day": obj.date.strftime("%d/%m/%Y"), "reason": reason})
        notification_events.hours_rejected(obj, by=by)
    _recompute_hours(obj.internship)
    return obj


__all__ = [
    "DocumentType", "TRANSITIONS", "blockers", "close_blockers", "document_set_status", "document_type_update", "document_upload", "documents_add", "event", "hours_decide",
    "hours_log", "intake_record", "internship_change", "internship_create", "internship_transition",
    "internships_create_for_group", "start_blockers", "visit_plan", "visit_update",
]
