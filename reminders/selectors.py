"""Reads for the reminders: a network's schedule, the opt-outs, and what is due on a day.

``due_reminders(today)`` is the heart of the scheduler: every reminder of every network whose
day has come (and not more than ``rules.CATCH_UP_DAYS`` ago), for the right people, each with
a dedupe key per (reminder, object, step, day) so that sending it twice writes it once. It
counts from the data as it is (the latest sheet, the oldest unconfirmed hours, the first
signature...), so a stopped scheduler catches up on its next run and a restart loses nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Min, Q
from django.urls import reverse
from django.utils import formats, timezone

from evaluations.evaluation.models import Evaluation
from evaluations.feedback.models import FeedbackSheet
from internships.models import HourEntry, Internship, RequiredDocument
from reminders.models import Reminder, ReminderOptOut, ReminderSetting
from reminders.rules import CATCH_UP_DAYS, DEFAULTS, Setting, default_setting, evaluation_windows
from tenancy.models import Membership, Network, Organisation, Role

#: Internships that reminders are about: not closed (a closed one has nothing left to chase).
OPEN = ~Q(status=Internship.Status.CLOSED)
#: Running: between the start and the final evaluation.
RUNNING = (Internship.Status.RUNNING, Internship.Status.MIDTERM)


# --------------------------------------------------------------------------- the schedule


def schedule_of(network_id: int) -> list[Setting]:
    """Every reminder of the network as it holds now, in the order of ``Reminder``."""
    return list(schedules([network_id]).get(network_id, {}).values()) or [default_setting(r) for r in Reminder.values]


def schedules(network_ids: Iterable[int]) -> dict[int, dict[str, Setting]]:
    ids = list(network_ids)
    out: dict[int, dict[str, Setting]] = {nid: {r: default_setting(r) for r in Reminder.values} for nid in ids}
    for row in ReminderSetting.objects.filter(network_id__in=ids):
        if row.reminder in DEFAULTS:
            out[row.network_id][row.reminder] = Setting(row.reminder, row.enabled, row.days, row.later_days)
    return out


def opted_out(organisation_ids: Iterable[int] | None = None) -> set[tuple[int, str]]:
    """(organisation id, reminder) for every reminder an organisation turned off for itself."""
    qs = ReminderOptOut.objects.all()
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=list(organisation_ids))
    return set(qs.values_list("organisation_id", "reminder"))


def organisations_opting(organisations) -> list[tuple[Organisation, list[tuple[Setting, bool]]]]:
    """For the opt-out page: each organisation with every reminder of its network (as the
    network set it) and whether the organisation turned it off."""
    orgs = list(organisations)
    scheds = schedules({o.network_id for o in orgs})
    off = opted_out(o.pk for o in orgs)
    return [(o, [(s, (o.pk, s.reminder) in off) for s in scheds[o.network_id].values()]) for o in orgs]


# --------------------------------------------------------------------------- what is due


@dataclass
class Due:
    """One reminder for one person, ready for ``notifications.services.notify``."""

    reminder: str
    step: int
    kind: str  # notifications.kinds.Kind value
    recipient_id: int
    side: int  # the organisation whose opt-out applies (the recipient's school or childcare organisation)
    internship: Internship
    about: Any
    day: date  # the reminder's day (the trigger), part of the dedupe key
    link: str
    context: dict = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        return f"reminder:{self.reminder}:{type(self.about).__name__.lower()}:{self.about.pk}:{self.step}:{self.day.isoformat()}"


def _d(day: date) -> str:
    return formats.date_format(day, "j F Y")


def _hub(internship, anchor: str) -> str:
    return reverse("internships:detail", args=[internship.pk]) + f"#{anchor}"


def _admins(role: str, org_ids: set[int]) -> dict[int, list[int]]:
    """organisation id → the active admins (``role``) of it."""
    out: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in (
        Membership.objects.active().filter(role=role, organisation_id__in=org_ids)
        .values_list("organisation_id", "user_id").distinct()
    ):
        out[org_id].append(user_id)
    return out


def due_reminders(today: date) -> list[Due]:
    """Every reminder due ``today`` (or in the last ``CATCH_UP_DAYS``), opt-outs and switched-off
    reminders left out. A handful of queries, whatever the number of internships."""
    networks = list(Network.objects.values_list("pk", flat=True))
    scheds = schedules(networks)
    found: list[Due] = []
    found += _no_feedback(today, scheds)
    found += _documents(today, scheds)
    found += _hours(today, scheds)
    found += _evaluation_windows(today, scheds)
    found += _signatures(today, scheds)
    found += _reflections(today, scheds)
    off = opted_out({d.side for d in found})
    oldest = today - timedelta(days=CATCH_UP_DAYS)
    return [d for d in found if oldest <= d.day <= today and (d.side, d.reminder) not in off]


def _setting(scheds, internship: Internship, reminder: str) -> Setting | None:
    setting = scheds.get(internship.school.network_id, {}).get(reminder)
    return setting if setting is not None and setting.enabled else None


def _internships(qs=None):
    qs = Internship.objects.filter(OPEN) if qs is None else qs
    return qs.select_related("school", "student", "site", "site__organisation")


def _context(internship: Internship, **extra) -> dict:
    return {"student": internship.student.full_name, "site": internship.site.name, "school": internship.school.name,
            **{k: str(v) for k, v in extra.items()}}


def _no_feedback(today: date, scheds) -> list[Due]:
    out = []
    qs = _internships(Internship.objects.filter(status__in=RUNNING, start_date__lte=today, end_date__gte=today))
    for internship in qs.annotate(last_sheet=Max("feedback_sheets__date")):
        setting = _setting(scheds, internship, Reminder.NO_FEEDBACK)
        if setting is None or internship.mentor_id is None:
            continue
        since = max(internship.start_date, internship.last_sheet or internship.start_date)
        first = since + timedelta(days=setting.days)
        days = (today - since).days
        link = _hub(internship, "feedback")  # its "Nieuw feedbackblad" button (sheet_new itself is POST only)
        if today >= first:
            out.append(Due(Reminder.NO_FEEDBACK, 1, "reminder_no_feedback", internship.mentor_id, internship.site.organisation_id,
                           internship, internship, first, link, _context(internship, days=days)))
        if setting.later_days and internship.teacher_id and today >= first + timedelta(days=setting.later_days):
            out.append(Due(Reminder.NO_FEEDBACK, 2, "reminder_no_feedback_teacher", internship.teacher_id, internship.school_id,
                           internship, internship, first + timedelta(days=setting.later_days), _hub(internship, "feedback"),
                           _context(internship, days=days)))
    return out


def _documents(today: date, scheds) -> list[Due]:
    """Missing documents due soon or overdue, grouped per internship and day: one reminder
    names every document of that day (about the internship: a document approved meanwhile does
    not make the others' reminder new)."""
    horizon = today + timedelta(days=max(s[Reminder.DOCUMENTS_DUE].days for s in scheds.values()) if scheds else 0)
    docs = list(
        RequiredDocument.objects.filter(Q(internship__status__in=[Internship.Status.PLANNED, Internship.Status.INTAKE_DONE, *RUNNING]),
                                        status=RequiredDocument.Status.MISSING, due_date__lte=horizon,
                                        due_date__gte=today - timedelta(days=90))
        .select_related("document_type", "internship", "internship__school", "internship__student", "internship__site",
                        "internship__site__organisation")
    )
    groups: dict[tuple, list[RequiredDocument]] = defaultdict(list)
    for doc in docs:
        internship = doc.internship
        for reminder in (Reminder.DOCUMENTS_DUE, Reminder.DOCUMENTS_OVERDUE):
            setting = _setting(scheds, internship, reminder)
            if setting is None:
                continue
            if reminder == Reminder.DOCUMENTS_DUE:
                day = doc.due_date - timedelta(days=setting.days)
                if not day <= today <= doc.due_date:
                    continue
            else:
                day = doc.due_date + timedelta(days=setting.days)
                if today < day or doc.due_date >= today:
                    continue
            groups[(reminder, internship.pk, day)].append(doc)
    school_admins = _admins(Role.SCHOOL_ADMIN, {d.internship.school_id for d in docs})
    site_admins = _admins(Role.CHILDCARE_ADMIN, {d.internship.site.organisation_id for d in docs if d.document_type.blocks_start})
    out = []
    for (reminder, _pk, day), group in groups.items():
        internship = group[0].internship
        kind = "reminder_documents_due" if reminder == Reminder.DOCUMENTS_DUE else "reminder_documents_overdue"
        names = ", ".join(d.document_type.name for d in group)
        context = _context(internship, date=_d(min(d.due_date for d in group)), details=names)
        link = _hub(internship, "documents")
        people = [(uid, internship.school_id) for uid in school_admins.get(internship.school_id, [])]
        if internship.student.user_id:
            people.append((internship.student.user_id, internship.school_id))
        if any(d.document_type.blocks_start for d in group):
            org = internship.site.organisation_id
            people += [(uid, org) for uid in site_admins.get(org, [])]
        for uid, side in dict.fromkeys(people):
            out.append(Due(reminder, 1, kind, uid, side, internship, internship, day, link, context))
    return out


def _hours(today: date, scheds) -> list[Due]:
    out = []
    rows = (
        HourEntry.objects.filter(status=HourEntry.Status.PROPOSED, internship__in=Internship.objects.filter(OPEN))
        .values("internship_id").annotate(oldest=Min("date"))
    )
    oldest = {r["internship_id"]: r["oldest"] for r in rows}
    for internship in _internships(Internship.objects.filter(pk__in=oldest)):
        setting = _setting(scheds, internship, Reminder.HOURS_UNCONFIRMED)
        if setting is None or internship.mentor_id is None:
            continue
        day = oldest[internship.pk] + timedelta(days=setting.days)
        if today >= day:
            out.append(Due(Reminder.HOURS_UNCONFIRMED, 1, "reminder_hours_unconfirmed", internship.mentor_id,
                           internship.site.organisation_id, internship, internship, day, _hub(internship, "hours"),
                           _context(internship, date=_d(oldest[internship.pk]), days=setting.days)))
    return out


def _evaluation_windows(today: date, scheds) -> list[Due]:
    out = []
    qs = _internships(Internship.objects.filter(OPEN, end_date__gte=today - timedelta(days=CATCH_UP_DAYS),
                                                start_date__lte=today + timedelta(days=120)))
    internships = list(qs)
    locked = set(Evaluation.objects.filter(internship__in=[i.pk for i in internships], locked_at__isnull=False,
                                           corrected_by__isnull=True).values_list("internship_id", "kind"))
    for internship in internships:
        for window in evaluation_windows(internship.start_date, internship.end_date):
            if (internship.pk, window.kind) in locked:
                continue
            title = str(Evaluation.Kind(window.kind).label)
            link = _hub(internship, "evaluations")  # the page offers to start or open it
            for reminder, at, kind in ((Reminder.EVALUATION_OPENS, window.opens, "reminder_evaluation_window_opens"),
                                       (Reminder.EVALUATION_CLOSES, window.closes, "reminder_evaluation_window_closes")):
                setting = _setting(scheds, internship, reminder)
                if setting is None:
                    continue
                day = at - timedelta(days=setting.days)
                if not day <= today <= window.closes:
                    continue
                context = _context(internship, title=title, date=_d(at),
                                   details=f"{_d(window.opens)} – {_d(window.closes)}")
                for uid, side in ((internship.mentor_id, internship.site.organisation_id), (internship.teacher_id, internship.school_id)):
                    if uid:
                        out.append(Due(reminder, 1, kind, uid, side, internship, internship, day, link, context))
    return out


def _signatures(today: date, scheds) -> list[Due]:
    """One side signed, the other not yet: the signer after ``days``, the school's admins
    ``later_days`` after that."""
    out = []
    evaluations = list(
        Evaluation.objects.filter(Q(internship__in=Internship.objects.filter(OPEN)), locked_at__isnull=True)
        .filter(Q(mentor_signed_at__isnull=False, teacher_signed_at__isnull=True) | Q(mentor_signed_at__isnull=True, teacher_signed_at__isnull=False))
        .select_related("internship", "internship__school", "internship__student", "internship__site", "internship__site__organisation")
    )
    school_admins = _admins(Role.SCHOOL_ADMIN, {e.internship.school_id for e in evaluations})
    for evaluation in evaluations:
        internship = evaluation.internship
        setting = _setting(scheds, internship, Reminder.SIGNATURE_AWAITED)
        if setting is None:
            continue
        signed_at = evaluation.mentor_signed_at or evaluation.teacher_signed_at
        assert signed_at is not None
        since = timezone.localdate(signed_at)
        if evaluation.mentor_signed_at:
            signer, side, waiting_for = internship.teacher_id, internship.school_id, "teacher"
        else:
            signer, side, waiting_for = internship.mentor_id, internship.site.organisation_id, "mentor"
        first = since + timedelta(days=setting.days)
        link = reverse("evaluations:evaluation_detail", args=[internship.pk, evaluation.pk])
        title = str(evaluation.get_kind_display())
        if signer and today >= first:
            out.append(Due(Reminder.SIGNATURE_AWAITED, 1, "reminder_signature_awaited", signer, side, internship, evaluation,
                           first, link, _context(internship, title=title, days=(today - since).days)))
        if setting.later_days and today >= first + timedelta(days=setting.later_days):
            who = str(internship.teacher or "") if waiting_for == "teacher" else str(internship.mentor or "")
            for uid in school_admins.get(internship.school_id, []):
                out.append(Due(Reminder.SIGNATURE_AWAITED, 2, "reminder_signature_escalated", uid, internship.school_id, internship,
                               evaluation, first + timedelta(days=setting.later_days), link,
                               _context(internship, title=title, days=(today - since).days, details=who)))
    return out


def _reflections(today: date, scheds) -> list[Due]:
    out = []
    sheets = (
        FeedbackSheet.objects.filter(status=FeedbackSheet.Status.SHARED, reflection="", shared_at__isnull=False,
                                     internship__in=Internship.objects.filter(OPEN, student__user__isnull=False),
                                     shared_at__date__gte=today - timedelta(days=120))
        .select_related("internship", "internship__school", "internship__student", "internship__site", "internship__site__organisation")
    )
    for sheet in sheets:
        internship = sheet.internship
        setting = _setting(scheds, internship, Reminder.REFLECTION_MISSING)
        if setting is None:
            continue
        day = timezone.localdate(sheet.shared_at) + timedelta(days=setting.days)
        if today >= day:
            assert internship.student.user_id is not None  # only students with an account (the query)
            out.append(Due(Reminder.REFLECTION_MISSING, 1, "reminder_reflection_missing", internship.student.user_id,
                           internship.school_id, internship, sheet, day,
                           reverse("feedback:sheet_detail", args=[internship.pk, sheet.pk]) + "#reflection",
                           _context(internship, date=_d(sheet.date))))
    return out
