"""A student's data export, erasure of a student, anonymising a person who leaves (ADR 0024).

Each write is one transaction; files on disk go only after it committed (``on_commit``), so a
refused or failed erasure loses nothing. Erasure keeps the rows the network's figures are made
of (internships, feedback sheets and evaluations with their ratings, hours, visits, activity
entries), stripped of everything that names or describes the student, and replaces the student
row by the anonymous placeholder; everything else that names them goes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from audit.purge import guards_lifted
from evaluations.evaluation.services import reseal_after_purge
from privacy.models import ErasureRecord, new_reference

logger = logging.getLogger(__name__)

#: The placeholder an erased student's row becomes (it stays where a network figure counts it).
ANON_FIRST = "Anonieme"
ANON_LAST = "leerling"
ANON_NAME = f"{ANON_FIRST} {ANON_LAST}"

#: Keys of the stored JSON (snapshots) that hold free text about the student: blanked.
FREE_TEXT_KEYS = {
    "strengths", "work_points", "agreements", "coach_comment", "remark", "reflection", "advice", "assessment",
    "conversation_present", "correction_reason",
}


def same_name(typed: str, name: str) -> bool:
    """The typed confirmation matches the name (case and extra spaces do not count)."""
    def norm(text: str) -> str:
        return " ".join((text or "").split()).casefold()

    return bool(norm(name)) and norm(typed) == norm(name)


def is_erased(student) -> bool:
    return student.first_name == ANON_FIRST and student.last_name == ANON_LAST and not student.email


# --------------------------------------------------------------------------- export


def request_data_export(*, user, student, language: str | None = None):
    """Queue the ZIP of everything about ``student`` (the worker builds it: privacy.export)."""
    from exports.models import ExportJob, retention
    from exports.services import _enqueue

    if not access.data_export_students(user).filter(pk=student.pk).exists():
        raise ValidationError(_("You may not export this student's data."))
    if is_erased(student):
        raise ValidationError(_("This student was erased: there is nothing left to export."))
    running = access.data_exports_visible_to(user).filter(
        student=student, requested_by=user, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    )
    if running.filter(updated_at__gt=timezone.now() - timedelta(minutes=30)).exists():
        raise ValidationError(_("An export of this student's data is already being made."))
    ids = [str(pk) for pk in student.internships.order_by("start_date", "pk").values_list("pk", flat=True)]
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user, school_id=student.school_id, student=student, kind=ExportJob.Kind.STUDENT_DATA,
            filter_description=student.full_name[:300], internship_ids=ids,
            language=language or settings.LANGUAGE_CODE, progress_total=1,
            created_at=now, updated_at=now, expires_at=now + retention(),
        )
        _enqueue(job)
    return job


# --------------------------------------------------------------------------- helpers


def _scrub(value, names: Iterable[str], replacement: str, *, blank_free_text: bool):
    """``value`` (stored JSON) with every occurrence of the names replaced and, when asked, the
    free texts blanked."""
    words = [n for n in names if n and len(n) > 1]
    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(words, key=len, reverse=True))) if words else None

    def walk(item, key=None):
        if isinstance(item, dict):
            return {k: walk(v, k) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, str):
            if blank_free_text and key in FREE_TEXT_KEYS:
                return ""
            return pattern.sub(replacement, item) if pattern else item
        return item

    return walk(value)


def _delete_files_after_commit(files: list[tuple]) -> None:
    def delete():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete file %s after an erasure", name)

    if files:
        transaction.on_commit(delete)


def _export_jobs_naming(school_id, internship_ids: set[str], student=None) -> list:
    """Export jobs whose ZIP has a document of these internships (or is about the student)."""
    from exports.models import ExportJob

    jobs = []
    for job in ExportJob.objects.filter(school_id=school_id).only("pk", "file", "internship_ids", "student_id"):
        if (student is not None and job.student_id == student.pk) or internship_ids & {str(i) for i in job.internship_ids}:
            jobs.append(job)
    return jobs


def _history_models():
    from evaluations.models import ActivityEntry, Evaluation, FeedbackSheet
    from internships.models import HourEntry, IntakeMeeting, Internship, RequiredDocument, Visit

    return [
        (Internship.history.model, "id"),
        *((m.history.model, "internship_id")
          for m in (IntakeMeeting, RequiredDocument, Visit, HourEntry, ActivityEntry, FeedbackSheet, Evaluation)),
    ]


# --------------------------------------------------------------------------- erasure of a student


def erasure_refusals(student) -> list[str]:
    """Why the student cannot be erased now (empty: they can)."""
    from internships.models import Internship
    from retention.models import LegalHold

    reasons = []
    if is_erased(student):
        reasons.append(_("This student was erased already."))
        return reasons
    if LegalHold.objects.active().filter(Q(student=student) | Q(internship__student=student)).exists():
        reasons.append(_("A legal hold is on this student or one of their internships: nothing of them may be "
                         "erased until the hold is lifted."))
    if student.internships.exclude(status=Internship.Status.CLOSED).exists():
        reasons.append(_("This student still has an internship that is not closed. Close it (or remove it) first: "
                         "a running internship cannot lose its student."))
    return reasons


def erase_student(*, by, student, typed_name: str) -> ErasureRecord:
    """Erase ``student``: see the module's docstring. Refused (ValidationError, nothing
    changed) when the typed name is not theirs, under a legal hold or with an open internship."""
    from audit.models import AccessEvent
    from evaluations.models import (
        ActivityEntry,
        Evaluation,
        EvaluationClusterRemark,
        FeedbackAddendum,
        FeedbackRating,
        FeedbackSheet,
        SignatureWithdrawal,
    )
    from internships.models import (
        DocumentVersion,
        HourEntry,
        IntakeMeeting,
        InternshipEvent,
        Override,
        RequiredDocument,
        Visit,
    )
    from notifications.models import Notification
    from retention.models import LegalHold
    from schools.models import Student
    from tenancy.models import Invitation

    if not access.can_erase_student(by, student):
        raise ValidationError(_("You may not erase this student."))
    if not same_name(typed_name, student.full_name):
        raise ValidationError({"name": _("Type the student's full name exactly as shown to confirm.")})
    reasons = erasure_refusals(student)
    if reasons:
        raise ValidationError(reasons)

    names = [student.full_name, f"{student.last_name} {student.first_name}", f"{student.last_name}, {student.first_name}",
             student.first_name, student.last_name]
    if student.email:
        names.append(student.email)
    user = student.user
    if user is not None:
        names += [user.full_name, user.email]
    ids = list(student.internships.values_list("pk", flat=True))
    id_strings = {str(i) for i in ids}
    files: list[tuple] = []
    counts: dict[str, int] = {}

    def note(key: str, n: int) -> None:
        if n:
            counts[key] = counts.get(key, 0) + n

    with guards_lifted():
        # Locked first: nobody changes the student or their internships meanwhile.
        student = Student.objects.select_for_update().get(pk=student.pk)
        if erasure_refusals(student):  # a hold placed (or an internship reopened) since the check
            raise ValidationError(erasure_refusals(student))

        for job in _export_jobs_naming(student.school_id, id_strings, student):
            if job.file:
                files.append((job.file.storage, job.file.name))
            note("exports", job.delete()[0] and 1)

        for version in DocumentVersion.objects.filter(document__internship_id__in=ids):
            files.append((version.file.storage, version.file.name))
        note("document_versions", DocumentVersion.objects.filter(document__internship_id__in=ids).delete()[0])
        for document in RequiredDocument.objects.filter(internship_id__in=ids).exclude(file=""):
            files.append((document.file.storage, document.file.name))
            note("files", 1)
        RequiredDocument.objects.filter(internship_id__in=ids).update(
            file="", file_name="", file_type="", uploaded_by=None, uploaded_at=None,
        )
        note("intake", IntakeMeeting.objects.filter(internship_id__in=ids).delete()[0])
        # The timeline keeps what happened when (its kinds), not its texts, which may name the student.
        note("timeline", InternshipEvent.objects.filter(internship_id__in=ids).update(text=""))
        Override.objects.filter(internship_id__in=ids).update(reason="")
        Visit.objects.filter(internship_id__in=ids).update(with_whom="", notes="", agreements="")
        HourEntry.objects.filter(internship_id__in=ids).update(note="", absence_reason="", reject_reason="")
        ActivityEntry.objects.filter(internship_id__in=ids).update(note="")

        sheets = FeedbackSheet.objects.filter(internship_id__in=ids)
        note("addenda", FeedbackAddendum.objects.filter(sheet__in=sheets).delete()[0])
        FeedbackRating.objects.filter(sheet__in=sheets).update(remark="")
        sheets.update(strengths="", work_points="", agreements="", coach_comment="", reflection="")
        for pk, snapshot in sheets.exclude(snapshot=None).values_list("pk", "snapshot"):
            FeedbackSheet.objects.filter(pk=pk).update(snapshot=_scrub(snapshot, names, ANON_NAME, blank_free_text=True))

        evaluations = Evaluation.objects.filter(internship_id__in=ids)
        note("withdrawals", SignatureWithdrawal.objects.filter(evaluation__in=evaluations).delete()[0])
        EvaluationClusterRemark.objects.filter(evaluation__in=evaluations).update(remark="")
        evaluations.update(correction_reason="", mentor_advice="", school_assessment="", conversation_present="")
        scrubbed = []
        for evaluation in evaluations.only("pk", "snapshot", "locked_at"):
            if evaluation.snapshot:
                evaluation.snapshot = _scrub(evaluation.snapshot, names, ANON_NAME, blank_free_text=True)
                evaluation.snapshot["content"]["names"]["student"] = ANON_NAME
            scrubbed.append(evaluation)

        about = Q(internship_id__in=ids) | Q(about_type=ContentType.objects.get_for_model(Student), about_id=str(student.pk))
        if user is not None:
            about |= Q(recipient=user)
        note("notifications", Notification.objects.filter(about).delete()[0])
        invitations = Q(student=student)
        if student.email:
            invitations |= Q(email__iexact=student.email)
        if user is not None:
            invitations |= Q(email__iexact=user.email) | Q(accepted_by=user)
        note("invitations", Invitation.objects.filter(invitations).delete()[0])
        LegalHold.objects.filter(Q(student=student) | Q(internship_id__in=ids)).update(reason="")
        audit = Q(student_id=student.pk) | Q(internship_id__in=ids)
        if user is not None:
            audit |= Q(user_id=user.pk)
        note("audit", AccessEvent.objects.filter(audit).delete()[0])
        for model, field in _history_models():
            note("history", model.objects.filter(**{f"{field}__in": ids}).delete()[0])

        Student.objects.filter(pk=student.pk).update(
            first_name=ANON_FIRST, last_name=ANON_LAST, email="", date_of_birth=None, user=None,
        )
        # The names in stored JSON are replaced once the student row has its placeholder name.
        for evaluation in scrubbed:
            if evaluation.snapshot:
                Evaluation.objects.filter(pk=evaluation.pk).update(snapshot=evaluation.snapshot)
        reseal_after_purge(scrubbed)

        if user is not None:
            _remove_account(user, counts)
        record = ErasureRecord.objects.create(
            kind=ErasureRecord.Kind.STUDENT, network_id=student.school.network_id, organisation_id=student.school_id,
            erased_by=by, erased_at=timezone.now(), counts=counts,
        )
    _delete_files_after_commit(files)
    return record


def _remove_account(user, counts: dict) -> None:
    """Delete the account; where something still protects it, strip it to an empty shell."""
    from tenancy.models import User

    try:
        with transaction.atomic():
            User.objects.filter(pk=user.pk).delete()
        counts["account"] = 1
    except ProtectedError:
        _retire_user(user, label=ANON_NAME)
        counts["account"] = 1


def _retire_user(user, *, label: str) -> None:
    """The account keeps its row (what the person wrote points to it) but nothing of the person:
    the label as name, an address that reaches nobody, no password, no login, no membership."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from calendars.models import CalendarFeed
    from notifications.models import Digest, MailSettings, Notification, Preference
    from tenancy.models import Membership, User

    reference = new_reference().lower()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Digest.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
    MailSettings.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()  # they left: no role anywhere, not even an inactive one
    user.teaching_groups.clear()
    user.full_name = label[:150]
    user.email = f"former-{reference}@anonymous.invalid"
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    User.objects.filter(pk=user.pk).update(
        full_name=user.full_name, email=user.email, is_active=False, is_staff=False, is_superuser=False,
        password=user.password, last_login=None,
    )
    access.forget_memberships(user)


# --------------------------------------------------------------------------- a person who leaves


def person_label(membership) -> str:
    """How what the person wrote is signed once they are anonymised."""
    from tenancy.models import Role

    if membership.role == Role.TEACHER:
        return _("former teacher of %(school)s") % {"school": membership.organisation.name}
    place = membership.site.name if membership.site_id else membership.organisation.name
    if membership.role == Role.COACH:
        return _("former coach of %(site)s") % {"site": place}
    return _("former mentor of %(site)s") % {"site": place}


def anonymise_refusals(by, membership) -> list[str]:
    from internships.models import Internship
    from tenancy.models import Membership

    user = membership.user
    reasons = []
    if not user.is_active and user.email.endswith("@anonymous.invalid"):
        return [_("This person was anonymised already.")]
    mine = access.anonymisable_memberships(by).values_list("pk", flat=True)
    if Membership.objects.active().filter(user=user).exclude(pk__in=mine).exists():
        reasons.append(_("This person still works elsewhere in Uniform (another organisation or role): "
                         "only their own organisation's admin of every role can let them go."))
    if Internship.objects.filter(Q(mentor=user) | Q(teacher=user)).exclude(status=Internship.Status.CLOSED).exists():
        reasons.append(_("This person is still the mentor or teacher of an internship that is not closed. "
                         "Give those internships another mentor or teacher first."))
    return reasons


def anonymise_person(*, by, membership, typed_name: str) -> ErasureRecord:
    """The person's account and personal data go; what they wrote stays, signed with the label
    (``person_label``): their name is replaced in the stored snapshots, notifications and the
    account itself (every page shows the account's name, so every page shows the label)."""
    from evaluations.models import Evaluation, FeedbackSheet
    from notifications.models import Notification
    from tenancy.models import Invitation

    if not access.anonymisable_memberships(by).filter(pk=membership.pk).exists():
        raise ValidationError(_("You may not anonymise this person."))
    user = membership.user
    if not same_name(typed_name, user.full_name or user.email):
        raise ValidationError({"name": _("Type the person's full name exactly as shown to confirm.")})
    reasons = anonymise_refusals(by, membership)
    if reasons:
        raise ValidationError(reasons)
    label = person_label(membership)
    names = [n for n in (user.full_name, user.email) if n]
    counts: dict[str, int] = {}
    with guards_lifted():
        touched = Q(internship__mentor=user) | Q(internship__teacher=user)
        for pk, snapshot in FeedbackSheet.objects.filter(touched | Q(author=user) | Q(reviewed_by=user)).exclude(
            snapshot=None
        ).values_list("pk", "snapshot"):
            FeedbackSheet.objects.filter(pk=pk).update(snapshot=_scrub(snapshot, names, label, blank_free_text=False))
            counts["sheets"] = counts.get("sheets", 0) + 1
        evaluations = []
        for evaluation in Evaluation.objects.filter(
            touched | Q(mentor_signed_by=user) | Q(teacher_signed_by=user)
        ).only("pk", "snapshot", "locked_at"):
            if evaluation.snapshot:
                evaluation.snapshot = _scrub(evaluation.snapshot, names, label, blank_free_text=False)
                Evaluation.objects.filter(pk=evaluation.pk).update(snapshot=evaluation.snapshot)
            evaluations.append(evaluation)
        for notification in Notification.objects.filter(actor=user).only("pk", "subject", "body", "context"):
            Notification.objects.filter(pk=notification.pk).update(
                subject=_scrub(notification.subject, names, label, blank_free_text=False)[:300],
                body=_scrub(notification.body, names, label, blank_free_text=False),
                context=_scrub(notification.context, names, label, blank_free_text=False),
            )
        counts["invitations"] = Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user)).delete()[0]
        _retire_user(user, label=label)
        reseal_after_purge(evaluations)
        record = ErasureRecord.objects.create(
            kind=ErasureRecord.Kind.PERSON, network_id=membership.network_id, organisation_id=membership.organisation_id,
            erased_by=by, erased_at=timezone.now(), counts=counts,
        )
    return record
