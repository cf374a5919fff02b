"""Retention (ADR 0023): the coordinator sets the network's policy and sees what the job will
remove as counts; a school admin sees their own school's items with names and places or lifts
legal holds on their own school's students and internships."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import coordinator_network_ids, roles_of, school_admin_school_ids
from access.policy import allows
from internships.models import Internship
from retention.models import LegalHold
from schools.models import Student
from tenancy.models import Network, Organisation


def retention_networks(user) -> QuerySet[Network]:
    """The networks whose retention policy the person sets (the ones they coordinate)."""
    if not allows(roles_of(user), "retention.policy"):
        return Network.objects.none()
    return Network.objects.filter(pk__in=coordinator_network_ids(user))


def _school_ids(user) -> set[int]:
    if not allows(roles_of(user), "retention.holds"):
        return set()
    return school_admin_school_ids(user)


def hold_schools(user) -> QuerySet[Organisation]:
    """The schools whose retention items and holds the person manages (their school admin)."""
    return Organisation.objects.filter(pk__in=_school_ids(user))


def hold_students(user) -> QuerySet[Student]:
    """The students the person may place a hold on."""
    return Student.objects.filter(school_id__in=_school_ids(user))


def hold_internships(user) -> QuerySet[Internship]:
    """The internships the person may place a hold on."""
    return Internship.objects.filter(school_id__in=_school_ids(user))


def holds_to_manage(user) -> QuerySet[LegalHold]:
    """The holds the person sees and may lift: those on their own school's students and internships."""
    ids = _school_ids(user)
    if not ids:
        return LegalHold.objects.none()
    return LegalHold.objects.filter(Q(student__school_id__in=ids) | Q(internship__school_id__in=ids))
