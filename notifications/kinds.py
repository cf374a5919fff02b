"""Every kind of notification, its texts, and which ones a person must act on.

A kind's texts are lazy format strings filled from the notification's ``context`` (a dict of
strings). A placeholder the context lacks renders as an empty string, so a caller that has no
``reason`` or ``date`` still gets a readable text. Common context keys:

    student   the student's name              site      the site's name
    actor     who did it (a name)             date      a date or moment, already formatted
    reason    why (a rejection, a refusal)    title     what it is (a document type, a course)
    school    the school's name               details   extra lines for the mail body
    days      a number of days (reminders)
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class Kind(models.TextChoices):
    # events
    SHEET_SHARED = "sheet_shared", _("A feedback sheet was shared")
    SHEET_RETURNED = "sheet_returned", _("A feedback sheet was sent back by the coach")
    SHEET_APPROVED = "sheet_approved", _("A feedback sheet was approved by the coach")
    REFLECTION_WRITTEN = "reflection_written", _("A reflection was written")
    EVALUATION_READY_TO_SIGN = "evaluation_ready_to_sign", _("An evaluation is ready to sign")
    EVALUATION_SIGNED = "evaluation_signed", _("An evaluation was signed")
    SIGNATURE_WITHDRAWN = "signature_withdrawn", _("A signature was withdrawn")
    HOURS_PROPOSED = "hours_proposed", _("Hours were proposed")
    HOURS_REJECTED = "hours_rejected", _("Hours were rejected")
    DOCUMENT_UPLOADED = "document_uploaded", _("A document was uploaded")
    DOCUMENT_APPROVED = "document_approved", _("A document was approved")
    DOCUMENT_REFUSED = "document_refused", _("A document was refused")
    VISIT_PLANNED = "visit_planned", _("A visit was planned")
    VISIT_MOVED = "visit_moved", _("A visit was moved")
    VISIT_CANCELLED = "visit_cancelled", _("A visit was cancelled")
    INTERNSHIP_PLANNED = "internship_planned", _("An internship was planned at a site")
    TRAINING_PLACE_FREED = "training_place_freed", _("A training place came free for you")
    TRAINING_PLACE_GIVEN = "training_place_given", _("The coordinator gave you a training place")
    TRAINING_REGISTRATION_DECLINED = "training_registration_declined", _("A training registration was not accepted")
    TRAINING_SESSION_REMINDER = "training_session_reminder", _("A training session tomorrow")
    # reminders (sent by the scheduler)
    REMINDER_NO_FEEDBACK = "reminder_no_feedback", _("Reminder: no feedback sheet for a while")
    REMINDER_NO_FEEDBACK_TEACHER = "reminder_no_feedback_teacher", _("Reminder: an intern has had no feedback for a while")
    REMINDER_DOCUMENTS_DUE = "reminder_documents_due", _("Reminder: documents due soon")
    REMINDER_DOCUMENTS_OVERDUE = "reminder_documents_overdue", _("Reminder: documents overdue")
    REMINDER_HOURS_UNCONFIRMED = "reminder_hours_unconfirmed", _("Reminder: hours waiting for confirmation")
    REMINDER_EVALUATION_WINDOW_OPENS = "reminder_evaluation_window_opens", _("Reminder: an evaluation window opens")
    REMINDER_EVALUATION_WINDOW_CLOSES = "reminder_evaluation_window_closes", _("Reminder: an evaluation window closes")
    REMINDER_SIGNATURE_AWAITED = "reminder_signature_awaited", _("Reminder: your signature is awaited")
    REMINDER_SIGNATURE_ESCALATED = "reminder_signature_escalated", _("Reminder: a signature is long awaited")
    REMINDER_REFLECTION_MISSING = "reminder_reflection_missing", _("Reminder: a reflection is not written yet")


#: What a person must act on: these cannot be turned off (a digest is allowed).
MUST_ACT = frozenset({
    Kind.EVALUATION_READY_TO_SIGN,
    Kind.REMINDER_SIGNATURE_AWAITED,
    Kind.REMINDER_SIGNATURE_ESCALATED,
    Kind.DOCUMENT_REFUSED,
    Kind.HOURS_REJECTED,
    Kind.SHEET_RETURNED,
    Kind.SIGNATURE_WITHDRAWN,
})

_TRAINING = ("school_admin", "teacher", "childcare_admin", "coach", "mentor")
#: Who can receive each kind (role values): the preferences page offers a person only the kinds
#: of their roles. A kind missing here is offered to everyone.
AUDIENCE: dict[str, tuple[str, ...]] = {
    Kind.SHEET_SHARED: ("student", "teacher"),
    Kind.SHEET_RETURNED: ("mentor",),
    Kind.SHEET_APPROVED: ("mentor",),
    Kind.REFLECTION_WRITTEN: ("mentor", "teacher"),
    Kind.EVALUATION_READY_TO_SIGN: ("mentor", "teacher"),
    Kind.EVALUATION_SIGNED: ("mentor", "teacher"),
    Kind.SIGNATURE_WITHDRAWN: ("mentor", "teacher"),
    Kind.HOURS_PROPOSED: ("mentor",),
    Kind.HOURS_REJECTED: ("student",),
    Kind.DOCUMENT_UPLOADED: ("school_admin",),
    Kind.DOCUMENT_APPROVED: ("student",),
    Kind.DOCUMENT_REFUSED: ("student",),
    Kind.VISIT_PLANNED: ("mentor", "student"),
    Kind.VISIT_MOVED: ("mentor", "student"),
    Kind.VISIT_CANCELLED: ("mentor", "student"),
    Kind.INTERNSHIP_PLANNED: ("childcare_admin", "mentor"),
    Kind.TRAINING_PLACE_FREED: _TRAINING,
    Kind.TRAINING_PLACE_GIVEN: _TRAINING,
    Kind.TRAINING_REGISTRATION_DECLINED: _TRAINING,
    Kind.TRAINING_SESSION_REMINDER: _TRAINING,
    Kind.REMINDER_NO_FEEDBACK: ("mentor",),
    Kind.REMINDER_NO_FEEDBACK_TEACHER: ("teacher",),
    Kind.REMINDER_DOCUMENTS_DUE: ("student", "school_admin", "childcare_admin"),
    Kind.REMINDER_DOCUMENTS_OVERDUE: ("student", "school_admin", "childcare_admin"),
    Kind.REMINDER_HOURS_UNCONFIRMED: ("mentor",),
    Kind.REMINDER_EVALUATION_WINDOW_OPENS: ("mentor", "teacher"),
    Kind.REMINDER_EVALUATION_WINDOW_CLOSES: ("mentor", "teacher"),
    Kind.REMINDER_SIGNATURE_AWAITED: ("mentor", "teacher"),
    Kind.REMINDER_SIGNATURE_ESCALATED: ("school_admin",),
    Kind.REMINDER_REFLECTION_MISSING: ("student",),
}


def kinds_for(roles) -> list[str]:
    """The kinds a person with ``roles`` can receive (every kind when they have no role)."""
    roles = set(roles)
    if not roles:
        return list(Kind.values)
    return [k for k in Kind.values if k not in AUDIENCE or roles & set(AUDIENCE[k])]


#: Reminders (the scheduler's kinds); the rest are events.
REMINDERS = frozenset(k for k in Kind if k.value.startswith("reminder_"))

#: One line for the bell's list and the mail's subject.
TITLES: dict[str, StrOrPromise] = {
    Kind.SHEET_SHARED: _("New feedback sheet for %(student)s"),
    Kind.SHEET_RETURNED: _("Feedback sheet for %(student)s sent back by the coach"),
    Kind.SHEET_APPROVED: _("Feedback sheet for %(student)s approved by the coach"),
    Kind.REFLECTION_WRITTEN: _("%(student)s wrote a reflection"),
    Kind.EVALUATION_READY_TO_SIGN: _("%(title)s of %(student)s is ready for your signature"),
    Kind.EVALUATION_SIGNED: _("%(actor)s signed the %(title)s of %(student)s"),
    Kind.SIGNATURE_WITHDRAWN: _("A signature on the %(title)s of %(student)s was withdrawn"),
    Kind.HOURS_PROPOSED: _("%(student)s proposed hours to confirm"),
    Kind.HOURS_REJECTED: _("Your hours of %(date)s were rejected"),
    Kind.DOCUMENT_UPLOADED: _("%(student)s uploaded %(title)s"),
    Kind.DOCUMENT_APPROVED: _("Your %(title)s was approved"),
    Kind.DOCUMENT_REFUSED: _("Your %(title)s was refused"),
    Kind.VISIT_PLANNED: _("Visit to %(student)s planned on %(date)s"),
    Kind.VISIT_MOVED: _("Visit to %(student)s moved to %(date)s"),
    Kind.VISIT_CANCELLED: _("Visit to %(student)s on %(date)s cancelled"),
    Kind.INTERNSHIP_PLANNED: _("New internship at %(site)s: %(student)s"),
    Kind.TRAINING_PLACE_FREED: _("You have a place: %(title)s"),
    Kind.TRAINING_PLACE_GIVEN: _("You have a place: %(title)s"),
    Kind.TRAINING_REGISTRATION_DECLINED: _("Registration not accepted: %(title)s"),
    Kind.TRAINING_SESSION_REMINDER: _("Tomorrow: %(title)s"),
    Kind.REMINDER_NO_FEEDBACK: _("No feedback sheet for %(student)s in %(days)s days"),
    Kind.REMINDER_NO_FEEDBACK_TEACHER: _("%(student)s has had no feedback sheet in %(days)s days"),
    Kind.REMINDER_DOCUMENTS_DUE: _("Documents for %(student)s are due on %(date)s"),
    Kind.REMINDER_DOCUMENTS_OVERDUE: _("Documents for %(student)s are overdue"),
    Kind.REMINDER_HOURS_UNCONFIRMED: _("Hours of %(student)s wait for your confirmation"),
    Kind.REMINDER_EVALUATION_WINDOW_OPENS: _("The %(title)s of %(student)s can be written from %(date)s"),
    Kind.REMINDER_EVALUATION_WINDOW_CLOSES: _("The %(title)s of %(student)s is due by %(date)s"),
    Kind.REMINDER_SIGNATURE_AWAITED: _("The %(title)s of %(student)s waits for your signature"),
    Kind.REMINDER_SIGNATURE_ESCALATED: _("The %(title)s of %(student)s has waited %(days)s days for a signature"),
    Kind.REMINDER_REFLECTION_MISSING: _("Your reflection is not written yet"),
}

#: The body of the mail and the second line in the list (may be empty).
BODIES: dict[str, StrOrPromise] = {
    Kind.SHEET_SHARED: _("%(actor)s shared a feedback sheet about %(student)s at %(site)s."),
    Kind.SHEET_RETURNED: _("%(actor)s sent the feedback sheet back: %(reason)s"),
    Kind.SHEET_APPROVED: _("%(actor)s approved the feedback sheet; the student and the teacher can read it now."),
    Kind.REFLECTION_WRITTEN: _("%(student)s wrote a reflection on the feedback sheet."),
    Kind.EVALUATION_READY_TO_SIGN: _("%(actor)s finished the evaluation. Read it and sign it."),
    Kind.EVALUATION_SIGNED: _("%(actor)s signed. %(details)s"),
    Kind.SIGNATURE_WITHDRAWN: _("%(actor)s withdrew a signature: %(reason)s"),
    Kind.HOURS_PROPOSED: _("%(student)s proposed %(details)s. Confirm or reject them."),
    Kind.HOURS_REJECTED: _("%(actor)s rejected them: %(reason)s"),
    Kind.DOCUMENT_UPLOADED: _("Check the document and approve or refuse it."),
    Kind.DOCUMENT_APPROVED: _("%(actor)s approved it."),
    Kind.DOCUMENT_REFUSED: _("%(actor)s set it back to missing. Upload a new version."),
    Kind.VISIT_PLANNED: _("%(actor)s plans to visit %(site)s on %(date)s."),
    Kind.VISIT_MOVED: _("%(actor)s moved the visit to %(date)s."),
    Kind.VISIT_CANCELLED: _("%(actor)s cancelled the visit."),
    Kind.INTERNSHIP_PLANNED: _("%(student)s of %(school)s does an internship at %(site)s from %(date)s."),
    Kind.TRAINING_PLACE_FREED: _("A place came free and it is yours now. Cannot come after all? Cancel in Uniform, so the next person gets the place.\n%(details)s"),
    Kind.TRAINING_PLACE_GIVEN: _("The coordinator gave you a place in %(title)s."),
    Kind.TRAINING_REGISTRATION_DECLINED: _("The coordinator could not give you a place in %(title)s, to keep the group mixed. You are welcome to register for a next course."),
    Kind.TRAINING_SESSION_REMINDER: _("A reminder: tomorrow, %(date)s, %(title)s%(details)s."),
    Kind.REMINDER_NO_FEEDBACK: _("The last feedback sheet for %(student)s at %(site)s is %(days)s days old. Write one now."),
    Kind.REMINDER_NO_FEEDBACK_TEACHER: _("The mentor has been reminded; you may want to call."),
    Kind.REMINDER_DOCUMENTS_DUE: _("Still missing: %(details)s."),
    Kind.REMINDER_DOCUMENTS_OVERDUE: _("Still missing: %(details)s."),
    Kind.REMINDER_HOURS_UNCONFIRMED: _("%(details)s"),
    Kind.REMINDER_EVALUATION_WINDOW_OPENS: _("%(details)s"),
    Kind.REMINDER_EVALUATION_WINDOW_CLOSES: _("%(details)s"),
    Kind.REMINDER_SIGNATURE_AWAITED: _("It has waited %(days)s days."),
    Kind.REMINDER_SIGNATURE_ESCALATED: _("Still waiting for: %(details)s."),
    Kind.REMINDER_REFLECTION_MISSING: _("Write your reflection on the feedback sheet of %(date)s."),
}


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render(kind: str, context: dict | None) -> tuple[str, str]:
    """The title and body of ``kind`` in the active language, filled from ``context``."""
    values = _Blank({k: ("" if v is None else str(v)) for k, v in (context or {}).items()})
    title = str(TITLES.get(kind, Kind(kind).label)) % values
    body = str(BODIES.get(kind, "")) % values
    title = " ".join(title.split())
    return title[:1].upper() + title[1:], body.strip()


def must_act(kind: str) -> bool:
    return kind in MUST_ACT
