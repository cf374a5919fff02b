"""Reads for a student's data: the machine-readable part of the export, the pages' lists.

``student_data`` is everything Uniform holds about one student, as far as the person asking may
see it (the same selectors as the pages: a mentor's draft sheet is the mentor's until it is
submitted, so it is in nobody else's export either). Only rows of that student's record and
internships: nothing of another student is ever read here.
"""

from __future__ import annotations

from django.db.models import FileField, Model

import access


def row(obj: Model, *, exclude: tuple[str, ...] = ()) -> dict:
    """Every stored column of ``obj`` (files by their name, foreign keys by their id)."""
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, FileField):
            value = value.name if value else ""
        out[field.attname] = value
    return out


def _name(user) -> str:
    return str(user) if user is not None else ""


def student_documents(student) -> list:
    """The uploaded files of the student's internships: current files and earlier versions."""
    from internships.models import DocumentVersion, RequiredDocument

    files = []
    for document in RequiredDocument.objects.filter(internship__student=student).exclude(file="").select_related(
        "document_type"
    ):
        files.append((document.internship_id, document.document_type.name, document.file_name, document.file))
    for version in DocumentVersion.objects.filter(document__internship__student=student).select_related(
        "document__document_type"
    ):
        files.append((version.document.internship_id, version.document.document_type.name, version.file_name, version.file))
    return files


def student_data(user, student) -> dict:
    """Everything about ``student`` that ``user`` may see, as JSON-ready data."""
    from audit.models import AccessEvent
    from evaluations.models import ActivityEntry
    from internships.models import HourEntry, IntakeMeeting, RequiredDocument, Visit
    from notifications.models import Notification

    internships = list(
        access.internships_with_people(access.internships_visible_to(user).filter(student=student)).order_by("start_date", "pk")
    )
    ids = [i.pk for i in internships]
    sheets = list(
        access.feedback_sheets_visible_to(user).filter(internship_id__in=ids)
        .select_related("author").prefetch_related("ratings__indicator", "ratings__level", "addenda__author")
        .order_by("date", "created_at")
    )
    evaluations = list(
        access.evaluations_visible_to(user).filter(internship_id__in=ids)
        .select_related("mentor_signed_by", "teacher_signed_by")
        .prefetch_related("ratings__indicator", "ratings__level", "ratings__student_level", "cluster_remarks__cluster")
        .order_by("kind", "number")
    )
    documents = list(RequiredDocument.objects.filter(internship_id__in=ids).select_related("document_type")
                     .prefetch_related("versions"))
    intakes = {m.internship_id: m for m in IntakeMeeting.objects.filter(internship_id__in=ids)}

    def per(items, key="internship_id"):
        out: dict = {}
        for item in items:
            out.setdefault(getattr(item, key), []).append(item)
        return out

    sheets_of = per(sheets)
    evaluations_of = per(evaluations)
    documents_of = per(documents)
    visits_of = per(Visit.objects.filter(internship_id__in=ids).order_by("date", "pk"))
    hours_of = per(HourEntry.objects.filter(internship_id__in=ids).order_by("date"))
    activities_of = per(ActivityEntry.objects.filter(internship_id__in=ids).select_related("activity").order_by("date", "pk"))

    account = None
    notifications = []
    if student.user_id:
        account = {
            "email": student.user.email, "name": student.user.full_name,
            "date_joined": student.user.date_joined, "last_login": student.user.last_login,
        }
        notifications = [
            {"kind": n.kind, "subject": n.subject, "body": n.body, "link": n.link, "created_at": n.created_at,
             "read_at": n.read_at, "delivery": n.delivery, "mail_status": n.mail_status, "mailed_at": n.mailed_at}
            for n in Notification.objects.filter(recipient_id=student.user_id).order_by("created_at", "pk")
        ]
    audit = [
        {"at": e.at, "who": _name(e.user) if e.user_id else "", "role": e.role, "what": e.what,
         "object_id": e.object_id, "path": e.path}
        for e in AccessEvent.objects.filter(student_id=student.pk).select_related("user").order_by("at", "pk")
    ]

    def sheet(s) -> dict:
        return {
            **row(s), "author_name": _name(s.author),
            "ratings": [{"indicator": r.indicator.code, "level": r.level.value if r.level_id else None,
                         "level_label": r.level.label if r.level_id else None, "remark": r.remark} for r in s.ratings.all()],
            "addenda": [{"author": _name(a.author), "text": a.text, "created_at": a.created_at} for a in s.addenda.all()],
        }

    def evaluation(e) -> dict:
        return {
            **row(e), "mentor_signed_by_name": _name(e.mentor_signed_by), "teacher_signed_by_name": _name(e.teacher_signed_by),
            "ratings": [{"indicator": r.indicator.code, "level": r.level.value if r.level_id else None,
                         "self_assessment": r.student_level.value if r.student_level_id else None} for r in e.ratings.all()],
            "cluster_remarks": [{"cluster": r.cluster.code, "remark": r.remark} for r in e.cluster_remarks.all()],
        }

    return {
        "format": "uniform-student-data",
        "version": 1,
        "student": {**row(student, exclude=("user",)), "school": student.school.name,
                    "group": str(student.group) if student.group_id else ""},
        "account": account,
        "internships": [
            {
                **row(i), "site": str(i.site), "organisation": i.site.organisation.name, "school": i.school.name,
                "mentor": _name(i.mentor), "teacher": _name(i.teacher), "catalogue_version": str(i.catalogue_version),
                "intake": row(intakes[i.pk]) if i.pk in intakes else None,
                "schedule": [row(s) for s in i.schedule.all()],
                "documents": [
                    {**row(d), "kind": d.document_type.name, "versions": [row(v) for v in d.versions.all()]}
                    for d in documents_of.get(i.pk, [])
                ],
                "visits": [row(v) for v in visits_of.get(i.pk, [])],
                "hours": [row(h) for h in hours_of.get(i.pk, [])],
                "activities": [{**row(a), "activity_name": str(a.activity)} for a in activities_of.get(i.pk, [])],
                "feedback_sheets": [sheet(s) for s in sheets_of.get(i.pk, [])],
                "evaluations": [evaluation(e) for e in evaluations_of.get(i.pk, [])],
            }
            for i in internships
        ],
        "notifications": notifications,
        "access_audit": audit,
    }


def plan_pdfs(user, student) -> list[tuple]:
    """The PDFs of the export, in order: (internship, what, object) with what in "dossier",
    "sheet", "evaluation"."""
    internships = list(
        access.internships_with_people(access.internships_visible_to(user).filter(student=student)).order_by("start_date", "pk")
    )
    plan: list[tuple] = []
    for internship in internships:
        plan.append((internship, "dossier", internship))
        for evaluation in access.evaluations_visible_to(user).filter(internship=internship).order_by("kind", "number"):
            evaluation.internship = internship
            plan.append((internship, "evaluation", evaluation))
        for sheet in access.feedback_sheets_visible_to(user).filter(internship=internship).select_related("author").order_by(
            "date", "created_at"
        ):
            sheet.internship = internship
            plan.append((internship, "sheet", sheet))
    return plan


def erasure_preview(student) -> dict:
    """What an erasure of ``student`` removes, as counts for the confirmation page."""
    from evaluations.models import Evaluation, FeedbackSheet
    from internships.models import DocumentVersion, RequiredDocument

    ids = list(student.internships.values_list("pk", flat=True))
    return {
        "internships": len(ids),
        "sheets": FeedbackSheet.objects.filter(internship_id__in=ids).count(),
        "evaluations": Evaluation.objects.filter(internship_id__in=ids).count(),
        "files": RequiredDocument.objects.filter(internship_id__in=ids).exclude(file="").count()
        + DocumentVersion.objects.filter(document__internship_id__in=ids).count(),
        "account": bool(student.user_id),
    }


def student_exports(user, student) -> list:
    return list(access.data_exports_visible_to(user).filter(student=student).select_related("requested_by")[:20])


def people_to_anonymise(user) -> list:
    """The staff the person may anonymise; ``has_open``: still the mentor or teacher of an
    internship that is not closed (they cannot be anonymised yet, so they come last)."""
    from django.db.models import Exists, OuterRef, Q

    from internships.models import Internship

    open_ones = Internship.objects.exclude(status=Internship.Status.CLOSED).filter(
        Q(mentor_id=OuterRef("user_id")) | Q(teacher_id=OuterRef("user_id"))
    )
    return list(
        access.anonymisable_memberships(user).filter(is_active=True, user__is_active=True)
        .annotate(has_open=Exists(open_ones))
        .select_related("user", "organisation", "site").order_by("has_open", "organisation__name", "user__full_name")
    )


def erasures_of(user) -> list:
    """The erasure log of the organisations the person administers (no names in it)."""
    from privacy.models import ErasureRecord

    org_ids = access.school_admin_school_ids(user) | access.childcare_admin_org_ids(user)
    return list(ErasureRecord.objects.filter(organisation_id__in=org_ids).select_related("erased_by")[:50])
