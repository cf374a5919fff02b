"""Who is told what when something happens (issue #15, first bullet).

The services of the other apps call one function here at the end of their write, inside their
transaction: the rows are written with it (a rolled-back write leaves none) and the mails are
queued only once it commits (``services.notify``). Each function decides the recipients and
the link to the object's own page; nobody is told about what they did themselves.
"""

from __future__ import annotations

from django.urls import reverse

from notifications.kinds import Kind
from notifications.services import notify


def _d(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _student_user(internship):
    return internship.student.user


def _base(internship, by=None, **extra) -> dict:
    context = {"student": internship.student.full_name, "site": str(internship.site), "school": str(internship.school)}
    if by is not None:
        context["actor"] = by.get_full_name()
    context.update(extra)
    return context


def _admins(organisation, role: str) -> list:
    from notifications.selectors import people_with_role

    return people_with_role(organisation, role)


def _internship_url(internship, anchor: str = "") -> str:
    return reverse("internships:detail", args=[internship.pk]) + (f"#{anchor}" if anchor else "")


# --------------------------------------------------------------------------- feedback


def _sheet_url(sheet) -> str:
    return reverse("feedback:sheet_detail", args=[sheet.internship_id, sheet.pk])


def sheet_shared(sheet, *, by) -> None:
    """A sheet is shared (submitted without coach review, or approved by the coach): the
    student and the teacher can read it."""
    internship = sheet.internship
    notify(Kind.SHEET_SHARED, [_student_user(internship), internship.teacher], about=sheet, internship=internship,
           link=_sheet_url(sheet), actor=by, context=_base(internship, internship.mentor or by, date=_d(sheet.date)))


def sheet_reviewed(sheet, *, by, approved: bool) -> None:
    """The coach approved (the mentor is told; the sheet is shared) or sent it back (the mentor
    must act)."""
    internship = sheet.internship
    kind = Kind.SHEET_APPROVED if approved else Kind.SHEET_RETURNED
    notify(kind, [internship.mentor], about=sheet, internship=internship, link=_sheet_url(sheet), actor=by,
           context=_base(internship, by, date=_d(sheet.date), reason=sheet.coach_comment))
    if approved:
        sheet_shared(sheet, by=by)


def reflection_written(sheet, *, by) -> None:
    internship = sheet.internship
    notify(Kind.REFLECTION_WRITTEN, [internship.mentor, internship.teacher], about=sheet, internship=internship,
           link=_sheet_url(sheet) + "#reflection", actor=by, context=_base(internship, by, date=_d(sheet.date)))


# --------------------------------------------------------------------------- evaluations


def _evaluation_url(evaluation) -> str:
    return reverse("evaluations:evaluation_detail", kwargs={"internship_pk": evaluation.internship_id, "pk": evaluation.pk})


def evaluation_signed(evaluation, *, by, locked: bool) -> None:
    """One side signed: the other signer is asked to sign (must act); once both signed, the
    other side is told it is signed."""
    internship = evaluation.internship
    context = _base(internship, by, title=evaluation.get_kind_display())
    signers = [internship.mentor, internship.teacher]
    if locked:
        context["details"] = ""
        notify(Kind.EVALUATION_SIGNED, signers, about=evaluation, internship=internship, link=_evaluation_url(evaluation),
               actor=by, context=context)
        return
    waiting = [u for u, signed in ((internship.mentor, evaluation.mentor_signed_at), (internship.teacher, evaluation.teacher_signed_at)) if not signed]
    notify(Kind.EVALUATION_READY_TO_SIGN, waiting, about=evaluation, internship=internship, link=_evaluation_url(evaluation),
           actor=by, context=context)


def signature_withdrawn(withdrawal, *, by) -> None:
    """A signature was withdrawn because what it covered changed: both signers (the one whose
    signature it was must sign again)."""
    evaluation = withdrawal.evaluation
    internship = evaluation.internship
    notify(Kind.SIGNATURE_WITHDRAWN, [withdrawal.signer, internship.mentor, internship.teacher], about=evaluation,
           internship=internship, link=_evaluation_url(evaluation), actor=by,
           context=_base(internship, withdrawal.signer, title=evaluation.get_kind_display(), reason=withdrawal.reason))


# --------------------------------------------------------------------------- hours


def hours_proposed(entry, *, by) -> None:
    """The student proposed hours: the mentor (one notification per internship per day, however
    many days were logged that day)."""
    from django.utils import timezone

    internship = entry.internship
    notify(Kind.HOURS_PROPOSED, [internship.mentor], about=entry, internship=internship,
           link=_internship_url(internship, "hours"), actor=by,
           dedupe_key=f"hours_proposed:{internship.pk}:{timezone.localdate().isoformat()}",
           context=_base(internship, by, date=_d(entry.date), details=f"{_d(entry.date)}: {entry.hours} u"))


def hours_rejected(entry, *, by) -> None:
    internship = entry.internship
    notify(Kind.HOURS_REJECTED, [_student_user(internship)], about=entry, internship=internship,
           link=_internship_url(internship, "hours"), actor=by,
           context=_base(internship, by, date=_d(entry.date), reason=entry.reject_reason))


# --------------------------------------------------------------------------- documents


def document_uploaded(document, *, by) -> None:
    from tenancy.models import Role

    internship = document.internship
    notify(Kind.DOCUMENT_UPLOADED, _admins(internship.school, Role.SCHOOL_ADMIN), about=document, internship=internship,
           link=_internship_url(internship, "documents"), actor=by,
           context=_base(internship, by, title=document.document_type.name))


def document_decided(document, *, by, approved: bool) -> None:
    internship = document.internship
    notify(Kind.DOCUMENT_APPROVED if approved else Kind.DOCUMENT_REFUSED, [_student_user(internship)], about=document,
           internship=internship, link=_internship_url(internship, "documents"), actor=by,
           context=_base(internship, by, title=document.document_type.name))


# --------------------------------------------------------------------------- visits


def visit_changed(visit, *, by, kind: str) -> None:
    """A visit planned, moved (another day) or cancelled: the mentor and the student."""
    internship = visit.internship
    when = _d(visit.date) + (f" {visit.time:%H:%M}" if visit.time else "")
    notify(kind, [internship.mentor, _student_user(internship)], about=visit, internship=internship,
           link=_internship_url(internship, "visits"), actor=by, context=_base(internship, by, date=when))


# --------------------------------------------------------------------------- internships


def internship_planned(internship, *, by) -> None:
    """A new internship at a site: the childcare organisation's admins and the mentor."""
    from tenancy.models import Role

    recipients = [*_admins(internship.site.organisation, Role.CHILDCARE_ADMIN), internship.mentor]
    notify(Kind.INTERNSHIP_PLANNED, recipients, about=internship, internship=internship,
           link=_internship_url(internship), actor=by, context=_base(internship, by, date=_d(internship.start_date)))


# --------------------------------------------------------------------------- training


def _course_url(course) -> str:
    return reverse("training:course", args=[course.pk])


def training_place_freed(registration) -> None:
    course = registration.course
    sessions = "\n".join(f"- {s}" for s in course.sessions.all())
    notify(Kind.TRAINING_PLACE_FREED, [registration.user], about=registration, network=course.network,
           link=_course_url(course), context={"title": course.title, "details": sessions})


def training_registration_decided(registration, *, by, accepted: bool) -> None:
    course = registration.course
    notify(Kind.TRAINING_PLACE_GIVEN if accepted else Kind.TRAINING_REGISTRATION_DECLINED, [registration.user],
           about=registration, network=course.network, link=_course_url(course), actor=by, context={"title": course.title})


def training_session_reminder(registration, session) -> list:
    course = session.course
    return notify(
        Kind.TRAINING_SESSION_REMINDER, [registration.user], about=session, network=course.network,
        link=_course_url(course), dedupe_key=f"training_session_reminder:{session.pk}",
        context={"title": course.title, "date": str(session), "details": f" ({course.location})" if course.location else ""},
    )
