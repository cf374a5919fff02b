"""The network's organisations (the coordinator builds the network) and the sites' profiles and
kennismakingsmomenten that schools and students read (ADR 0017)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access.memberships import (
    _filter,
    active_memberships,
    childcare_admin_org_ids,
    coach_site_ids,
    coordinator_network_ids,
    holds,
    mentor_site_ids,
    school_admin_school_ids,
    student_school_ids,
    teacher_school_ids,
)
from access.people import can_manage_childcare, students_visible_to
from access.policy import allows, if_allowed
from childcare.models import IntroductionMoment, IntroductionRegistration, Site
from schools.models import Group, Student
from tenancy.models import Organisation, Role

# --------------------------------------------------------------------------- the network's organisations


def can_build_network(user) -> bool:
    return holds(user, "network.organisations")


def organisations_to_manage(user) -> QuerySet[Organisation]:
    """Schools and childcare organisations of the networks the person coordinates, deactivated
    ones too (to read them and reactivate them)."""
    if not allows({Role.COORDINATOR}, "network.organisations"):
        return Organisation.objects.none()
    return Organisation.objects.filter(network_id__in=coordinator_network_ids(user))


# --------------------------------------------------------------------------- site profiles


def _school_staff_network_ids(user, rule: str) -> set[int]:
    school_ids = if_allowed(Role.SCHOOL_ADMIN, rule, school_admin_school_ids(user)) | if_allowed(
        Role.TEACHER, rule, teacher_school_ids(user)
    )
    return {m.network_id for m in active_memberships(user) if m.organisation_id in school_ids}


def site_profiles_visible_to(user) -> QuerySet[Site]:
    """Sites whose profile the person may read: every site of the network for its coordinator
    and its schools' admins and teachers; the own organisation's (childcare admin) or own
    sites (coach, mentor); for a student, the sites of their own internships."""
    rule = "site_profile.read"
    parts: list[Q] = []
    if ids := if_allowed(Role.COORDINATOR, rule, coordinator_network_ids(user)) | _school_staff_network_ids(user, rule):
        parts.append(Q(organisation__network_id__in=ids))
    if ids := if_allowed(Role.CHILDCARE_ADMIN, rule, childcare_admin_org_ids(user)):
        parts.append(Q(organisation_id__in=ids))
    if ids := if_allowed(Role.COACH, rule, coach_site_ids(user)) | if_allowed(Role.MENTOR, rule, mentor_site_ids(user)):
        parts.append(Q(pk__in=ids))
    if ids := if_allowed(Role.STUDENT, rule, student_school_ids(user)):
        parts.append(Q(internships__school_id__in=ids, internships__student__user=user))
    return _filter(Site.objects, parts).distinct()


def site_directory_for(user) -> QuerySet[Site]:
    """The directory schools browse: the sites of active organisations of the networks the
    person coordinates or works at a school of."""
    rule = "site_profile.browse"
    ids = if_allowed(Role.COORDINATOR, rule, coordinator_network_ids(user)) | _school_staff_network_ids(user, rule)
    return Site.objects.filter(organisation__network_id__in=ids, organisation__is_active=True)


def can_browse_sites(user) -> bool:
    return holds(user, "site_profile.browse")


def can_edit_site_profile(user, site: Site) -> bool:
    return allows({Role.CHILDCARE_ADMIN}, "site_profile.edit") and can_manage_childcare(user, site.organisation_id)


# --------------------------------------------------------------------------- kennismakingsmomenten


def introductions_visible_to(user) -> QuerySet[IntroductionMoment]:
    return IntroductionMoment.objects.filter(site__in=site_profiles_visible_to(user))


def introduction_schools(user) -> QuerySet[Organisation]:
    """The schools for which the person registers classes or students (active ones only)."""
    rule = "introduction.register"
    ids = if_allowed(Role.SCHOOL_ADMIN, rule, school_admin_school_ids(user)) | if_allowed(Role.TEACHER, rule, teacher_school_ids(user))
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.SCHOOL, is_active=True)


def can_register_for_introductions(user) -> bool:
    return holds(user, "introduction.register")


def groups_to_register(user, network_id: int) -> QuerySet[Group]:
    """Classes the person may register: all of the school admin's school, the teacher's own."""
    rule = "introduction.register"
    parts: list[Q] = []
    if ids := if_allowed(Role.SCHOOL_ADMIN, rule, school_admin_school_ids(user)):
        parts.append(Q(school_id__in=ids))
    if ids := if_allowed(Role.TEACHER, rule, teacher_school_ids(user)):
        parts.append(Q(school_id__in=ids, teachers=user))
    return _filter(Group.objects, parts).filter(school__network_id=network_id, school__is_active=True).distinct()


def students_to_register(user, network_id: int) -> QuerySet[Student]:
    """Students the person may register one by one: those they see as school admin or teacher
    (never a student registering themself), current ones only."""
    ids = introduction_schools(user).filter(network_id=network_id).values("pk")
    return students_visible_to(user).filter(school_id__in=ids, is_archived=False)


def introduction_registrations_visible_to(user) -> QuerySet[IntroductionRegistration]:
    """Registrations the person sees with who they are: the site's childcare admin, coaches and
    mentors; the school admin of the registering school; the teacher who registered, or of the
    class or student; the student themself. The coordinator sees counts only (places taken)."""
    rule = "introduction.registrations"
    parts: list[Q] = []
    if ids := if_allowed(Role.CHILDCARE_ADMIN, rule, childcare_admin_org_ids(user)):
        parts.append(Q(moment__site__organisation_id__in=ids))
    if ids := if_allowed(Role.COACH, rule, coach_site_ids(user)) | if_allowed(Role.MENTOR, rule, mentor_site_ids(user)):
        parts.append(Q(moment__site_id__in=ids))
    if ids := if_allowed(Role.SCHOOL_ADMIN, rule, school_admin_school_ids(user)):
        parts.append(Q(school_id__in=ids))
    if ids := if_allowed(Role.TEACHER, rule, teacher_school_ids(user)):
        parts.append(Q(school_id__in=ids) & (Q(registered_by=user) | Q(group__teachers=user) | Q(student__group__teachers=user)))
    if ids := if_allowed(Role.STUDENT, rule, student_school_ids(user)):
        parts.append(Q(school_id__in=ids, student__user=user))
    return _filter(IntroductionRegistration.objects, parts).distinct()


def can_cancel_introduction_registration(user, registration: IntroductionRegistration) -> bool:
    """The site's childcare admin, the registering school's admin, or the teacher who registered."""
    rule = "introduction.cancel"
    if allows({Role.CHILDCARE_ADMIN}, rule) and registration.moment.site.organisation_id in childcare_admin_org_ids(user):
        return True
    if allows({Role.SCHOOL_ADMIN}, rule) and registration.school_id in school_admin_school_ids(user):
        return True
    return (
        allows({Role.TEACHER}, rule)
        and registration.school_id in teacher_school_ids(user)
        and registration.registered_by_id == user.pk
    )
