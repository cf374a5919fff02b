"""Schools, childcare sites and staff, organisations and invitations: who sees and manages which people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

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
from access.policy import allows, if_allowed
from childcare.models import Site
from schools.models import Group, Student
from tenancy.models import Invitation, Membership, Network, Organisation, Role


def students_visible_to(user) -> QuerySet[Student]:
    """Student records: the school admin's school, the teacher's groups, the student themself."""
    parts: list[Q] = []
    if allows({Role.SCHOOL_ADMIN}, "student.read") and (ids := school_admin_school_ids(user)):
        parts.append(Q(school_id__in=ids))
    if allows({Role.TEACHER}, "student.read") and (ids := teacher_school_ids(user)):
        parts.append(Q(school_id__in=ids, group__teachers=user))
        parts.append(Q(school_id__in=ids, internships__teacher=user))
    if allows({Role.STUDENT}, "student.read") and (ids := student_school_ids(user)):
        parts.append(Q(school_id__in=ids, user=user))
    return _filter(Student.objects, parts).distinct()


def groups_visible_to(user) -> QuerySet:
    parts: list[Q] = []
    if allows({Role.SCHOOL_ADMIN}, "group.read") and (ids := school_admin_school_ids(user)):
        parts.append(Q(school_id__in=ids))
    if allows({Role.TEACHER}, "group.read") and (ids := teacher_school_ids(user)):
        parts.append(Q(school_id__in=ids, teachers=user))
    return _filter(Group.objects, parts).distinct()


def sites_visible_to(user) -> QuerySet[Site]:
    """Sites: the childcare admin's organisation, the coach's and mentor's own site, and
    (to pick one for an internship) every site of the network for school admins and teachers."""
    parts: list[Q] = []
    if allows({Role.CHILDCARE_ADMIN}, "childcare_site.read") and (ids := childcare_admin_org_ids(user)):
        parts.append(Q(organisation_id__in=ids))
    if ids := if_allowed(Role.COACH, "childcare_site.read", coach_site_ids(user)) | if_allowed(Role.MENTOR, "childcare_site.read", mentor_site_ids(user)):
        parts.append(Q(pk__in=ids))
    school_ids = if_allowed(Role.SCHOOL_ADMIN, "site.pick", school_admin_school_ids(user)) | if_allowed(Role.TEACHER, "site.pick", teacher_school_ids(user))
    if school_ids:
        network_ids = {m.network_id for m in active_memberships(user) if m.organisation_id in school_ids}
        parts.append(Q(organisation__network_id__in=network_ids))
    return _filter(Site.objects, parts).distinct()


@dataclass(frozen=True)
class InviteTarget:
    """One place a person may invite someone to: an organisation (or the network) and role."""

    network: Network
    organisation: Organisation | None
    site: Site | None
    role: str

    @property
    def key(self) -> str:
        return f"{self.network.pk}:{self.organisation.pk if self.organisation else ''}:{self.site.pk if self.site else ''}:{self.role}"

    @property
    def label(self) -> str:
        where: object = self.site or self.organisation or self.network
        if self.site:
            where = f"{self.organisation} · {self.site}"
        return f"{Role(self.role).label} · {where}"


#: What each inviting role may grant, and where (see the policy's "invitations" row).
INVITABLE_ROLES = {
    Role.SCHOOL_ADMIN: (Role.TEACHER, Role.STUDENT),
    Role.CHILDCARE_ADMIN: (Role.MENTOR, Role.COACH),
}


def invite_targets(user) -> list[InviteTarget]:
    """Every (organisation, site, role) the person may invite someone into.

    Coordinators: any role anywhere in their network. School admins: teachers and students of
    their school. Childcare admins: mentors and coaches at their organisation's sites. Nobody
    can grant a role above their own.
    """
    targets: list[InviteTarget] = []
    seen: set[str] = set()

    def add(target: InviteTarget) -> None:
        if target.key not in seen:
            seen.add(target.key)
            targets.append(target)

    coord = coordinator_network_ids(user)
    admin_org_ids = school_admin_school_ids(user) | childcare_admin_org_ids(user)
    orgs = list(
        Organisation.objects.filter(Q(network_id__in=coord) | Q(pk__in=admin_org_ids), is_active=True)
        .select_related("network")
        .prefetch_related("sites")
        .order_by("network__name", "kind", "name")
    )
    for network in Network.objects.filter(pk__in=coord).order_by("name"):
        add(InviteTarget(network, None, None, Role.COORDINATOR))
    for org in orgs:
        if org.network_id in coord:
            roles: Iterable[str] = (
                (Role.SCHOOL_ADMIN, Role.TEACHER, *((Role.STUDENT,) if allows({Role.COORDINATOR}, "invitations.students") else ()))
                if org.kind == Organisation.Kind.SCHOOL
                else (Role.CHILDCARE_ADMIN, Role.COACH, Role.MENTOR)
            )
        else:
            roles = ()
        if org.pk in school_admin_school_ids(user):
            roles = tuple(dict.fromkeys([*roles, *INVITABLE_ROLES[Role.SCHOOL_ADMIN]]))
        if org.pk in childcare_admin_org_ids(user):
            roles = tuple(dict.fromkeys([*roles, *INVITABLE_ROLES[Role.CHILDCARE_ADMIN]]))
        for role in roles:
            if role in (Role.MENTOR, Role.COACH):
                for site in org.sites.all():
                    add(InviteTarget(org.network, org, site, role))
            else:
                add(InviteTarget(org.network, org, None, role))
    return targets


def can_invite(user) -> bool:
    return holds(user, "invitations.send")


def student_invite_school_ids(user) -> set[int]:
    """Schools into which the person may invite students (the student-role invite targets)."""
    return {t.organisation.pk for t in invite_targets(user) if t.role == Role.STUDENT and t.organisation}


def students_to_invite(user) -> QuerySet[Student]:
    """Student records an invitation may be tied to: records the person sees (so never a
    coordinator's, who sees no student names) of a school they may invite students into, not
    archived and not linked to an account yet."""
    return students_visible_to(user).filter(
        school_id__in=student_invite_school_ids(user), is_archived=False, user__isnull=True
    )


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Invitations the person may see and revoke: those into places they may invite to."""
    parts: list[Q] = []
    if ids := coordinator_network_ids(user):
        # Student invitations carry a student's name and email: counts only for the coordinator.
        if allows({Role.COORDINATOR}, "invitations.students"):
            parts.append(Q(network_id__in=ids))
        else:
            parts.append(Q(network_id__in=ids) & ~Q(role=Role.STUDENT))
    if ids := school_admin_school_ids(user):
        parts.append(Q(organisation_id__in=ids, role__in=INVITABLE_ROLES[Role.SCHOOL_ADMIN]))
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(organisation_id__in=ids, role__in=INVITABLE_ROLES[Role.CHILDCARE_ADMIN]))
    return _filter(Invitation.objects, parts)


def student_invitation_counts(user) -> dict[str, int] | None:
    """For a coordinator who may not see student invitations: how many there are in their
    networks, per status (no names). None for everyone else (they see the invitations)."""
    ids = coordinator_network_ids(user)
    if not ids or allows({Role.COORDINATOR}, "invitations.students"):
        return None
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    return Invitation.objects.filter(network_id__in=ids, role=Role.STUDENT).aggregate(
        pending=Count("pk", filter=open_ & Q(expires_at__gt=now)),
        expired=Count("pk", filter=open_ & Q(expires_at__lte=now)),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        revoked=Count("pk", filter=Q(accepted_at__isnull=True, revoked_at__isnull=False)),
    )


def can_manage_school(user, school_id: int) -> bool:
    """The school's admins manage its groups, students, teachers and internships."""
    return allows({Role.SCHOOL_ADMIN}, "school.manage") and school_id in school_admin_school_ids(user)


def can_manage_childcare(user, organisation_id: int) -> bool:
    """The organisation's admins manage its sites, capacity, mentors and coaches."""
    return allows({Role.CHILDCARE_ADMIN}, "childcare.manage") and organisation_id in childcare_admin_org_ids(user)


def managed_schools(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=school_admin_school_ids(user), kind=Organisation.Kind.SCHOOL)


def staff_schools(user) -> QuerySet[Organisation]:
    """Schools the person works at, as school admin or teacher."""
    ids = school_admin_school_ids(user) | teacher_school_ids(user)
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.SCHOOL)


def managed_childcare_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=childcare_admin_org_ids(user), kind=Organisation.Kind.CHILDCARE)


STAFF_ROLES = (Role.MENTOR, Role.COACH)


def staff_site_ids(user) -> set[int]:
    """Sites where the person is an active coach or mentor."""
    return coach_site_ids(user) | mentor_site_ids(user)


def can_open_childcare(user) -> bool:
    """May the person open the childcare pages at all (admin, coach or mentor)?"""
    return holds(user, "childcare.open")


def childcare_sites_visible_to(user) -> QuerySet[Site]:
    """Sites whose management page the person may open."""
    parts: list[Q] = []
    if allows({Role.CHILDCARE_ADMIN}, "childcare_site.read") and (ids := childcare_admin_org_ids(user)):
        parts.append(Q(organisation_id__in=ids))
    if ids := if_allowed(Role.COACH, "childcare_site.read", coach_site_ids(user)) | if_allowed(Role.MENTOR, "childcare_site.read", mentor_site_ids(user)):
        parts.append(Q(pk__in=ids))
    return _filter(Site.objects, parts)


def capacity_periods_visible_to(user) -> QuerySet:
    from childcare.models import SiteCapacity

    return SiteCapacity.objects.filter(site__in=childcare_sites_visible_to(user))


def staff_memberships_visible_to(user) -> QuerySet[Membership]:
    """Mentor and coach memberships the person can see: all of their admin's organisations
    (deactivated ones too, to reactivate them), and the active ones at their own sites."""
    parts: list[Q] = []
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(organisation_id__in=ids, site__organisation_id__in=ids))
    if ids := staff_site_ids(user):
        parts.append(Q(site_id__in=ids, is_active=True, user__is_active=True))
    return _filter(Membership.objects, parts).filter(role__in=STAFF_ROLES, site__isnull=False)


# --------------------------------------------------------------------------- pickers
# What a form may offer to choose from. Each starts from the person's reach: a person who may
# not manage the school is offered nothing, so an id posted by hand is a validation error.


def mentors_to_pick(user, school) -> list[Membership]:
    """Active mentor memberships (person and site) of the school's network, for the school's
    admins planning or changing an internship (a mentor who works at the chosen site)."""
    if not can_manage_school(user, school.pk):
        return []
    return list(
        Membership.objects.active()
        .filter(network_id=school.network_id, role=Role.MENTOR, site__isnull=False)
        .select_related("site", "user")
        .order_by("user__full_name", "site__name")
    )


def people_to_pick(user, school, memberships: list[Membership]):
    """The users of ``memberships`` (from ``mentors_to_pick``) as a queryset for a choice field."""
    from tenancy.models import User

    if not can_manage_school(user, school.pk):
        return User.objects.none()
    return User.objects.filter(pk__in={m.user_id for m in memberships})


def teachers_to_pick(user, school):
    """The school's active teachers, for its admins to make one the internship teacher."""
    from tenancy.models import User

    if not can_manage_school(user, school.pk):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True, memberships__organisation_id=school.pk, memberships__role=Role.TEACHER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def students_to_pick(user, school) -> QuerySet[Student]:
    """The school's current (not archived) students the person sees, for planning internships."""
    if not can_manage_school(user, school.pk):
        return Student.objects.none()
    return students_visible_to(user).filter(school_id=school.pk, is_archived=False).select_related("group")


def groups_to_pick(user, school) -> QuerySet[Group]:
    """The school's groups the person sees (a group of another school is never offered)."""
    return groups_visible_to(user).filter(school_id=school.pk)


def network_sites_to_pick(user, school) -> QuerySet[Site]:
    """Every site of the school's network, for the school's admins to place a student at."""
    if not can_manage_school(user, school.pk):
        return Site.objects.none()
    return Site.objects.filter(organisation__network_id=school.network_id, organisation__is_active=True).select_related(
        "organisation"
    )


def can_open_schools(user) -> bool:
    """May the person open the school pages at all (school admin or teacher)?"""
    return holds(user, "school.open")


def can_see_capacity(user) -> bool:
    """The capacity overview (places offered vs used) is for childcare admins."""
    return holds(user, "childcare.manage")


def can_plan_internships(user) -> bool:
    """Whether the person plans internships for some school (its admins do)."""
    return holds(user, "internship.manage")


# --------------------------------------------------------------------------- per role (the role homes)


def memberships_as(user, role: str) -> list[Membership]:
    """The person's active memberships in one role (their schools, organisations or sites)."""
    return [m for m in active_memberships(user) if m.role == role]


def groups_taught_by(user) -> QuerySet[Group]:
    """The groups the person teaches, at schools where they are an active teacher."""
    return Group.objects.filter(school_id__in=teacher_school_ids(user), teachers=user)


def managed_groups(user) -> QuerySet[Group]:
    """Every group of the schools the person manages (school admin)."""
    return Group.objects.filter(school_id__in=school_admin_school_ids(user))


def managed_students(user) -> QuerySet[Student]:
    """Every student of the schools the person manages (school admin)."""
    return Student.objects.filter(school_id__in=school_admin_school_ids(user))


def managed_teachers(user) -> QuerySet[Membership]:
    """Active teacher memberships of the schools the person manages (school admin)."""
    return Membership.objects.active().filter(organisation_id__in=school_admin_school_ids(user), role=Role.TEACHER)


def managed_sites(user) -> QuerySet[Site]:
    """Every site of the childcare organisations the person manages."""
    return Site.objects.filter(organisation_id__in=childcare_admin_org_ids(user))


def managed_staff(user) -> QuerySet[Membership]:
    """Active mentors and coaches of the childcare organisations the person manages."""
    return Membership.objects.active().filter(
        organisation_id__in=childcare_admin_org_ids(user), role__in=STAFF_ROLES, site__isnull=False
    )


def coached_mentors(user) -> QuerySet[Membership]:
    """Active mentor memberships at the sites the person coaches."""
    return Membership.objects.active().filter(site_id__in=coach_site_ids(user), role=Role.MENTOR)


# --------------------------------------------------------------------------- network figures


@dataclass
class SiteFigure:
    """A site on the coordinator's home: counts only, never a person."""

    pk: int
    name: str
    kind: str
    organisation: str
    capacity: int
    n_current: int
    n_mentors: int
    n_trained: int

    def get_kind_display(self) -> str:
        return str(dict(Site.Kind.choices).get(self.kind, self.kind))

    @property
    def over(self) -> bool:
        return self.n_current > self.capacity

    @property
    def untrained(self) -> bool:
        """Interns there now, and no mentor there has done the mentor training."""
        return self.n_current > 0 and self.n_trained == 0

    @property
    def no_mentor(self) -> bool:
        return self.n_current > 0 and self.n_mentors == 0


def network_figures(user, *, limit: int = 20) -> list[dict]:
    """The coordinator's figures of each network they coordinate: the network's totals,
    internships per status, and the sites that need attention (more current interns than
    places, interns but no (trained) mentor), at most ``limit`` of them, worst first.
    Aggregates only, never a name of a student (architecture: "the coordinator sees network
    figures and the catalogue"). A fixed number of queries, each one GROUP BY: the per-school
    and per-site tables are on the organisations page and the site directory (ADR 0021)."""
    from internships.models import Internship
    from training.selectors import trained_mentors_per_site

    network_ids = coordinator_network_ids(user)
    if not network_ids:
        return []
    current = [
        Internship.Status.INTAKE_DONE, Internship.Status.RUNNING, Internship.Status.MIDTERM, Internship.Status.FINAL,
    ]
    # Active organisations only: a deactivated one is listed (and read) under the network's pages.
    n_orgs: dict[tuple[int, str], int] = {
        (network_id, kind): n for network_id, kind, n in
        Organisation.objects.filter(network_id__in=network_ids, is_active=True).order_by()
        .values_list("network_id", "kind").annotate(n=Count("pk"))
    }
    n_students = dict(
        Student.objects.filter(school__network_id__in=network_ids, school__is_active=True, is_archived=False)
        .order_by().values_list("school__network_id").annotate(n=Count("pk"))
    )
    n_current = dict(
        Internship.objects.filter(status__in=current, site__organisation__network_id__in=network_ids,
                                  site__organisation__is_active=True)
        .order_by().values_list("site_id").annotate(n=Count("pk"))
    )
    mentors = trained_mentors_per_site(network_ids)  # site → (trained, active mentors)
    sites: dict[int, list[SiteFigure]] = {}
    for pk, name, kind, organisation, network_id, capacity in (
        Site.objects.filter(organisation__network_id__in=network_ids, organisation__is_active=True)
        .order_by("organisation__name", "name")
        .values_list("pk", "name", "kind", "organisation__name", "organisation__network_id", "capacity")
    ):
        trained, n_mentors = mentors.get(pk, (0, 0))
        sites.setdefault(network_id, []).append(
            SiteFigure(pk, name, kind, organisation, capacity, n_current.get(pk, 0), n_mentors, trained))
    status_counts: dict[int, dict[str, int]] = {}
    for network_id, status, n in (
        Internship.objects.filter(school__network_id__in=network_ids)
        .order_by().values_list("school__network_id", "status")
        .annotate(n=Count("pk"))
    ):
        status_counts.setdefault(network_id, {})[status] = n
    figures = []
    for network in Network.objects.filter(pk__in=network_ids).order_by("name"):
        counts = status_counts.get(network.pk, {})
        net_sites = sites.get(network.pk, [])
        attention = sorted(
            (s for s in net_sites if s.over or s.untrained),
            key=lambda s: (not s.over, -(s.n_current - s.capacity), not s.no_mentor, -s.n_current, s.organisation, s.name),
        )
        figures.append({
            "network": network,
            "n_schools": n_orgs.get((network.pk, Organisation.Kind.SCHOOL), 0),
            "n_childcare": n_orgs.get((network.pk, Organisation.Kind.CHILDCARE), 0),
            "n_sites": len(net_sites),
            "n_students": n_students.get(network.pk, 0),
            "n_internships": sum(counts.values()),
            "n_current": sum(s.n_current for s in net_sites),
            "capacity": sum(s.capacity for s in net_sites),
            "status_counts": [(label, counts.get(value, 0)) for value, label in Internship.Status.choices],
            "attention": attention[:limit],
            "n_attention": len(attention),
        })
    return figures
