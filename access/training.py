"""Mentor training and study days: courses of the network, registrations and certificates."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import (
    _filter,
    active_memberships,
    childcare_admin_org_ids,
    coordinator_network_ids,
    holds,
    network_ids_of,
    school_admin_school_ids,
)
from access.policy import ROLE_ORDER, holders, if_allowed
from tenancy.models import Membership, Role

TRAINING_ROLES = tuple(role for role in ROLE_ORDER if role in holders("training.register"))


#: Whom an admin may register: the people of their organisation with these roles.
REGISTRABLE_BY: dict[str, tuple[str, ...]] = {  # keys: the roles holding "training.register_others"
    Role.SCHOOL_ADMIN: (Role.SCHOOL_ADMIN, Role.TEACHER),
    Role.CHILDCARE_ADMIN: (Role.CHILDCARE_ADMIN, Role.COACH, Role.MENTOR),
}


def training_memberships(user) -> list[Membership]:
    """The person's active memberships through which they take part in training."""
    return [m for m in active_memberships(user) if m.role in TRAINING_ROLES]


def training_network_ids(user) -> set[int]:
    """Networks whose published courses the person sees (as a participant)."""
    return {m.network_id for m in training_memberships(user)}


def can_open_training(user) -> bool:
    return bool(if_allowed(Role.COORDINATOR, "training.open", coordinator_network_ids(user)) or training_memberships(user))


def courses_visible_to(user) -> QuerySet:
    """Published courses of the person's networks (participants); every course for the
    network's coordinators."""
    from training.models import Course

    parts: list[Q] = []
    if ids := training_network_ids(user):
        parts.append(Q(network_id__in=ids, status=Course.Status.PUBLISHED))
    if ids := if_allowed(Role.COORDINATOR, "training.read", coordinator_network_ids(user)):
        parts.append(Q(network_id__in=ids))
    return _filter(Course.objects, parts)


def sessions_visible_to(user) -> QuerySet:
    from training.models import Session

    return Session.objects.filter(course__in=courses_visible_to(user))


def can_manage_training(user, network_id: int) -> bool:
    """Only the network's coordinators create, edit and publish courses, accept or decline
    registrations and record attendance."""
    return network_id in if_allowed(Role.COORDINATOR, "training.manage", coordinator_network_ids(user))


def can_create_courses(user) -> bool:
    """Coordinators create courses and study days for their network."""
    return holds(user, "training.manage")


def can_register_self(user, network_id: int) -> bool:
    return network_id in training_network_ids(user)


def admin_org_ids(user) -> set[int]:
    """Organisations whose people the person may register (and whose registrations they see)."""
    return school_admin_school_ids(user) | childcare_admin_org_ids(user)


def can_register_others(user, network_id: int) -> bool:
    return any(m.network_id == network_id and m.role in REGISTRABLE_BY for m in active_memberships(user))


def registrable_memberships(user, network_id: int) -> QuerySet[Membership]:
    """The memberships (person + organisation) an admin may register for a course of this
    network: active people of their organisation with a training role."""
    parts: list[Q] = []
    for m in active_memberships(user):
        if m.network_id == network_id and m.role in REGISTRABLE_BY:
            parts.append(Q(organisation_id=m.organisation_id, role__in=REGISTRABLE_BY[m.role]))
    return _filter(Membership.objects.active(), parts).filter(network_id=network_id)


def registrations_visible_to(user) -> QuerySet:
    """Registrations (with their attendance and certificate) the person may see."""
    from training.models import Registration

    parts: list[Q] = []
    if ids := network_ids_of(user):
        parts.append(Q(user=user, course__network_id__in=ids))
    if ids := coordinator_network_ids(user):
        parts.append(Q(course__network_id__in=ids))
    if ids := admin_org_ids(user):
        parts.append(Q(organisation_id__in=ids))
    return _filter(Registration.objects, parts)


def can_cancel_registration(user, registration) -> bool:
    """The person, the admins of their organisation and the coordinator may cancel."""
    return (
        registration.user_id == user.pk
        or registration.organisation_id in admin_org_ids(user)
        or can_manage_training(user, registration.course.network_id)
    )
