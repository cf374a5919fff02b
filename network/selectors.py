"""Reads of the coordinator's network pages: organisations with counts (never a student's name)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

import access
from tenancy.models import Invitation, Membership, Organisation, Role


def organisations_with_counts(user, *, kind: str = "", show: str = "") -> QuerySet[Organisation]:
    """The coordinator's organisations with how many sites, staff and (current) students.
    ``show``: "" the active ones, "inactive" the deactivated ones, "all" both."""
    qs = access.organisations_to_manage(user)
    if kind in Organisation.Kind.values:
        qs = qs.filter(kind=kind)
    if show == "inactive":
        qs = qs.filter(is_active=False)
    elif show != "all":
        qs = qs.filter(is_active=True)
    staff = Q(memberships__is_active=True, memberships__user__is_active=True) & ~Q(memberships__role=Role.STUDENT)
    return qs.annotate(
        n_sites=Count("sites", distinct=True),
        n_staff=Count("memberships__user", filter=staff, distinct=True),
        n_students=Count("students", filter=Q(students__is_archived=False), distinct=True),
        n_admins=Count(
            "memberships", distinct=True,
            filter=Q(memberships__is_active=True, memberships__role__in=[Role.SCHOOL_ADMIN, Role.CHILDCARE_ADMIN]),
        ),
    ).order_by("kind", "name")


def organisation_admins(organisation: Organisation) -> list[Membership]:
    """The organisation's admins (staff, not students), active or not."""
    roles = [Role.SCHOOL_ADMIN, Role.CHILDCARE_ADMIN]
    return list(
        Membership.objects.filter(organisation=organisation, role__in=roles).select_related("user").order_by("user__full_name")
    )


def admin_invitations(organisation: Organisation) -> list[Invitation]:
    roles = [Role.SCHOOL_ADMIN, Role.CHILDCARE_ADMIN]
    return list(Invitation.objects.filter(organisation=organisation, role__in=roles).select_related("invited_by")[:20])


def organisation_counts(organisation: Organisation) -> dict[str, int]:
    """Counts for the organisation's page: sites, staff, students, internships running."""
    from internships.models import Internship

    current = [Internship.Status.INTAKE_DONE, Internship.Status.RUNNING, Internship.Status.MIDTERM, Internship.Status.FINAL]
    internships = Internship.objects.filter(Q(school=organisation) | Q(site__organisation=organisation))
    return {
        "sites": organisation.sites.count(),
        "staff": Membership.objects.filter(organisation=organisation, is_active=True, user__is_active=True).exclude(role=Role.STUDENT).values("user").distinct().count(),
        "students": organisation.students.filter(is_archived=False).count(),
        "current": internships.filter(status__in=current).count(),
        "planned": internships.filter(status=Internship.Status.PLANNED).count(),
    }
