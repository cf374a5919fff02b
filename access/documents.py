"""Batch exports (a group's dossiers as a ZIP) and who may make and download them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.internships import internships_visible_to
from access.memberships import _filter, holds, school_admin_school_ids, teacher_school_ids
from access.people import groups_visible_to
from access.policy import if_allowed
from schools.models import Group
from tenancy.models import Role


def can_export(user) -> bool:
    """School admins and teachers (of at least one school) may make exports."""
    return holds(user, "exports.make")


def export_groups(user) -> QuerySet:
    """Groups the person may export: the groups they see (every group of a school they
    administer, and the groups they teach at a school where they are a teacher)."""
    return groups_visible_to(user)


def export_internships(user, group: Group) -> QuerySet:
    """The internships of a group that go into the person's export: never more than they see."""
    return internships_visible_to(user).filter(student__group=group, school_id=group.school_id)


def export_jobs_visible_to(user) -> QuerySet:
    """Export jobs the person may open, follow, retry and download: their own (while they still
    are a school admin or teacher of that school) and, for a school admin, every job of their
    school. Anything else is a 404."""
    from exports.models import ExportJob

    admin_ids = if_allowed(Role.SCHOOL_ADMIN, "exports.see_school", school_admin_school_ids(user))
    own_ids = if_allowed(Role.SCHOOL_ADMIN, "exports.make", school_admin_school_ids(user)) | if_allowed(
        Role.TEACHER, "exports.make", teacher_school_ids(user)
    )
    parts = []
    if own_ids:
        parts.append(Q(requested_by=user, school_id__in=own_ids))
    if admin_ids:
        parts.append(Q(school_id__in=admin_ids))
    # A dossier job is its requester's alone (dossier_jobs_visible_to).
    return _filter(ExportJob.objects.exclude(kind=ExportJob.Kind.DOSSIER), parts)


def dossier_jobs_visible_to(user) -> QuerySet:
    """One's own dossier jobs (ADR 0031) of internships one still sees: made with one's own
    visibility, so never anyone else's, not even the school admin's."""
    from exports.models import ExportJob

    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(
        kind=ExportJob.Kind.DOSSIER, requested_by=user, internship__in=internships_visible_to(user).values("pk"),
    )
