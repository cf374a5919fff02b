"""Who may see and do what. Every access rule of Uniform lives in this module.

The rules are those of ``shared/docs/access-policy.md``:

* Nothing ever crosses a network: every selector starts from the person's *active*
  memberships, and every membership belongs to one network.
* Selectors (``*_visible_to(user)``) return QuerySets; views fetch tenant objects only
  through them (``get_object_or_404(internships_visible_to(user), pk=...)``), so what is not
  yours is a 404, never a 403 that confirms it exists.
* Predicates (``can_*``) answer "may this person do this to an object they can see"; a
  ``False`` there is a 403.
* A person with several memberships has the union of their rights, never more. A
  deactivated membership (or user) grants nothing, at once.

Memberships are read once per request and cached on the user object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from catalogue.models import CatalogueVersion, Programme
from childcare.models import Site
from internships.models import Internship
from schools.models import Group, Student
from tenancy.models import Invitation, Membership, Network, Organisation, Role

_CACHE_ATTR = "_uniform_active_memberships"


# --------------------------------------------------------------------------- memberships


def active_memberships(user) -> list[Membership]:
    """The person's active memberships (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("network", "organisation", "site", "site__organisation")
            .order_by("network__name", "role", "organisation__name", "site__name")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    """Drop the per-request cache (after a membership of this user changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _ids(user, role: str, attr: str) -> set[int]:
    return {getattr(m, attr) for m in active_memberships(user) if m.role == role and getattr(m, attr)}


def roles_of(user) -> set[str]:
    return {m.role for m in active_memberships(user)}


#: Roles that see many students or change what a whole school, site or network relies on: they
#: log in with a second factor (architecture.md; enforced when settings.UNIFORM_REQUIRE_MFA).
MFA_ROLES = frozenset({Role.COORDINATOR, Role.SCHOOL_ADMIN, Role.CHILDCARE_ADMIN})


def must_use_mfa(user) -> bool:
    """Whether this person must set up two-step login before using the app: coordinators,
    school and childcare admins, and operators of the Django admin."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or roles_of(user) & MFA_ROLES)


def network_ids_of(user) -> set[int]:
    return {m.network_id for m in active_memberships(user)}


def coordinator_network_ids(user) -> set[int]:
    return _ids(user, Role.COORDINATOR, "network_id")


def coordinated_network(user) -> Network | None:
    """The network a coordinator works for (the first, should they coordinate several)."""
    ids = coordinator_network_ids(user)
    return Network.objects.filter(pk__in=ids).order_by("pk").first() if ids else None


def school_admin_school_ids(user) -> set[int]:
    return _ids(user, Role.SCHOOL_ADMIN, "organisation_id")


def teacher_school_ids(user) -> set[int]:
    return _ids(user, Role.TEACHER, "organisation_id")


def student_school_ids(user) -> set[int]:
    return _ids(user, Role.STUDENT, "organisation_id")


def childcare_admin_org_ids(user) -> set[int]:
    return _ids(user, Role.CHILDCARE_ADMIN, "organisation_id")


def coach_site_ids(user) -> set[int]:
    return _ids(user, Role.COACH, "site_id")


def mentor_site_ids(user) -> set[int]:
    return _ids(user, Role.MENTOR, "site_id")


def _union(parts: list[Q]) -> Q | None:
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def _filter(manager, parts: list[Q]) -> QuerySet:
    q = _union(parts)
    return manager.none() if q is None else manager.filter(q)


# --------------------------------------------------------------------------- internships


def _internship_q(user) -> Q | None:
    """The union of the person's rights on internships, as one Q (None: nothing)."""
    parts: list[Q] = []
    if ids := school_admin_school_ids(user):
        parts.append(Q(school_id__in=ids))
    if ids := teacher_school_ids(user):
        parts.append(Q(teacher=user, school_id__in=ids))
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(site__organisation_id__in=ids))
    if ids := coach_site_ids(user):
        parts.append(Q(site_id__in=ids))
    if ids := mentor_site_ids(user):
        parts.append(Q(mentor=user, site_id__in=ids))
    if ids := student_school_ids(user):
        parts.append(Q(student__user=user, school_id__in=ids))
    return _union(parts)


def internships_visible_to(user) -> QuerySet[Internship]:
    """Internships the person may open. The coordinator sees counts only, so none here."""
    q = _internship_q(user)
    if q is None:
        return Internship.objects.none()
    return Internship.objects.filter(q).distinct()


def internships_with_people(qs: QuerySet[Internship]) -> QuerySet[Internship]:
    """Everything an internship list or card shows, in one query."""
    return qs.select_related(
        "student", "student__group", "school", "site", "site__organisation", "mentor", "teacher",
        "catalogue_version", "catalogue_version__programme",
    )


def internship_or_404(user, pk, *related: str) -> Internship:
    """One internship the person sees, with its people loaded (and ``related``), else 404: the
    single door the views use to reach an internship."""
    from django.shortcuts import get_object_or_404

    qs = internships_with_people(internships_visible_to(user))
    return get_object_or_404(qs.select_related(*related) if related else qs, pk=pk)


def require(allowed: bool) -> None:
    """A person who sees the object but whose role may not do this gets 403."""
    if not allowed:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


# --------------------------------------------------------------------------- schools


def students_visible_to(user) -> QuerySet[Student]:
    """Student records: the school admin's school, the teacher's groups, the student themself."""
    parts: list[Q] = []
    if ids := school_admin_school_ids(user):
        parts.append(Q(school_id__in=ids))
    if ids := teacher_school_ids(user):
        parts.append(Q(school_id__in=ids, group__teachers=user))
        parts.append(Q(school_id__in=ids, internships__teacher=user))
    if ids := student_school_ids(user):
        parts.append(Q(school_id__in=ids, user=user))
    return _filter(Student.objects, parts).distinct()


def groups_visible_to(user) -> QuerySet:
    parts: list[Q] = []
    if ids := school_admin_school_ids(user):
        parts.append(Q(school_id__in=ids))
    if ids := teacher_school_ids(user):
        parts.append(Q(school_id__in=ids, teachers=user))
    return _filter(Group.objects, parts).distinct()


# --------------------------------------------------------------------------- childcare


def sites_visible_to(user) -> QuerySet[Site]:
    """Sites: the childcare admin's organisation, the coach's and mentor's own site, and
    (to pick one for an internship) every site of the network for school admins and teachers."""
    parts: list[Q] = []
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(organisation_id__in=ids))
    if ids := coach_site_ids(user) | mentor_site_ids(user):
        parts.append(Q(pk__in=ids))
    school_ids = school_admin_school_ids(user) | teacher_school_ids(user)
    if school_ids:
        network_ids = {m.network_id for m in active_memberships(user) if m.organisation_id in school_ids}
        parts.append(Q(organisation__network_id__in=network_ids))
    return _filter(Site.objects, parts).distinct()


# --------------------------------------------------------------------------- catalogue


def programmes_visible_to(user) -> QuerySet[Programme]:
    return Programme.objects.filter(network_id__in=network_ids_of(user))


def catalogue_versions_visible_to(user) -> QuerySet[CatalogueVersion]:
    """Published (and retired) versions of the person's networks; drafts for coordinators."""
    network_ids = network_ids_of(user)
    q = Q(programme__network_id__in=network_ids) & ~Q(status=CatalogueVersion.Status.DRAFT)
    if coord := coordinator_network_ids(user):
        q |= Q(programme__network_id__in=coord)
    return CatalogueVersion.objects.filter(q)


# --------------------------------------------------------------------------- invitations


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
        where = self.site or self.organisation or self.network
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
        Organisation.objects.filter(Q(network_id__in=coord) | Q(pk__in=admin_org_ids))
        .select_related("network")
        .prefetch_related("sites")
        .order_by("network__name", "kind", "name")
    )
    for network in Network.objects.filter(pk__in=coord).order_by("name"):
        add(InviteTarget(network, None, None, Role.COORDINATOR))
    for org in orgs:
        if org.network_id in coord:
            roles: Iterable[str] = (
                (Role.SCHOOL_ADMIN, Role.TEACHER, Role.STUDENT)
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
    return bool(coordinator_network_ids(user) or school_admin_school_ids(user) or childcare_admin_org_ids(user))


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
        parts.append(Q(network_id__in=ids))
    if ids := school_admin_school_ids(user):
        parts.append(Q(organisation_id__in=ids, role__in=INVITABLE_ROLES[Role.SCHOOL_ADMIN]))
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(organisation_id__in=ids, role__in=INVITABLE_ROLES[Role.CHILDCARE_ADMIN]))
    return _filter(Invitation.objects, parts)


def can_edit_catalogue(user, network_id: int) -> bool:
    """Only the network's coordinators edit its catalogue (drafts, publishing, programmes)."""
    return network_id in coordinator_network_ids(user)


def catalogue_parts_visible_to(user, model) -> QuerySet:
    """Clusters, indicators, levels or activities of the versions the person may see."""
    versions = catalogue_versions_visible_to(user)
    if model._meta.model_name == "ratinglevel":
        return model.objects.filter(scale__version__in=versions)
    return model.objects.filter(version__in=versions)


# --------------------------------------------------------------------------- organisations


def can_manage_school(user, school_id: int) -> bool:
    """The school's admins manage its groups, students, teachers and internships."""
    return school_id in school_admin_school_ids(user)


def can_manage_childcare(user, organisation_id: int) -> bool:
    """The organisation's admins manage its sites, capacity, mentors and coaches."""
    return organisation_id in childcare_admin_org_ids(user)


def managed_schools(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=school_admin_school_ids(user), kind=Organisation.Kind.SCHOOL)


def managed_childcare_organisations(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=childcare_admin_org_ids(user), kind=Organisation.Kind.CHILDCARE)


# --------------------------------------------------------------------------- one internship


def internship_roles(user, internship) -> set[str]:
    """Through which roles the person sees this internship (no queries beyond memberships;
    ``internship.site`` and ``internship.student`` should be loaded)."""
    roles: set[str] = set()
    if internship.school_id in school_admin_school_ids(user):
        roles.add(Role.SCHOOL_ADMIN)
    if internship.teacher_id == user.pk and internship.school_id in teacher_school_ids(user):
        roles.add(Role.TEACHER)
    if internship.site.organisation_id in childcare_admin_org_ids(user):
        roles.add(Role.CHILDCARE_ADMIN)
    if internship.site_id in coach_site_ids(user):
        roles.add(Role.COACH)
    if internship.mentor_id == user.pk and internship.site_id in mentor_site_ids(user):
        roles.add(Role.MENTOR)
    if internship.student.user_id == user.pk and internship.school_id in student_school_ids(user):
        roles.add(Role.STUDENT)
    return roles


@dataclass(frozen=True)
class InternshipRights:
    """What one person may do on one internship (the policy's rows for its parts)."""

    roles: frozenset

    def _any(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def edit_intake(self) -> bool:  # intake record and schedule: W teacher own, W mentor own
        return self._any(Role.TEACHER, Role.MENTOR)

    @property
    def edit_documents(self) -> bool:  # status of required documents
        return self._any(Role.SCHOOL_ADMIN, Role.TEACHER, Role.CHILDCARE_ADMIN, Role.MENTOR)

    @property
    def approve_documents(self) -> bool:  # the mentor marks handed in; approving is for the others
        return self._any(Role.SCHOOL_ADMIN, Role.TEACHER, Role.CHILDCARE_ADMIN)

    @property
    def upload_documents(self) -> bool:
        return self._any(Role.SCHOOL_ADMIN, Role.TEACHER, Role.CHILDCARE_ADMIN, Role.MENTOR, Role.STUDENT)

    @property
    def manage_documents(self) -> bool:  # which documents are asked, due dates
        return self._any(Role.SCHOOL_ADMIN)

    @property
    def manage_visits(self) -> bool:
        return self._any(Role.TEACHER)

    @property
    def log_hours(self) -> bool:
        return self._any(Role.STUDENT, Role.MENTOR)

    @property
    def confirm_hours(self) -> bool:
        return self._any(Role.MENTOR)

    @property
    def change_people(self) -> bool:  # mentor, teacher, period of the internship
        return self._any(Role.SCHOOL_ADMIN)

    @property
    def advance_status(self) -> bool:  # start, close
        return self._any(Role.SCHOOL_ADMIN, Role.TEACHER)

    @property
    def write_feedback(self) -> bool:  # start a feedback sheet
        return self._any(Role.MENTOR)

    @property
    def propose_activities(self) -> bool:  # activity list: the student proposes (the mentor adds directly)
        return self._any(Role.STUDENT, Role.MENTOR)

    @property
    def confirm_activities(self) -> bool:
        return self._any(Role.MENTOR)


def internship_rights(user, internship) -> InternshipRights:
    return InternshipRights(frozenset(internship_roles(user, internship)))


def sees_internships(user) -> bool:
    """Whether any of the person's roles opens internships (the coordinator's does not)."""
    return _internship_q(user) is not None


# --------------------------------------------------------------------------- childcare pages
# The management pages of sites list every intern of a site: for the organisation's admins and
# the site's coaches and mentors only. (School admins and teachers may *pick* any site of the
# network for an internship: that is ``sites_visible_to``, not these.)

STAFF_ROLES = (Role.MENTOR, Role.COACH)


def staff_site_ids(user) -> set[int]:
    """Sites where the person is an active coach or mentor."""
    return coach_site_ids(user) | mentor_site_ids(user)


def can_open_childcare(user) -> bool:
    """May the person open the childcare pages at all (admin, coach or mentor)?"""
    return bool(childcare_admin_org_ids(user) or staff_site_ids(user))


def childcare_sites_visible_to(user) -> QuerySet[Site]:
    """Sites whose management page the person may open."""
    parts: list[Q] = []
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(organisation_id__in=ids))
    if ids := staff_site_ids(user):
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


# --------------------------------------------------------------------------- feedback sheets


def feedback_sheets_visible_to(user) -> QuerySet:
    """Feedback sheets the person may open.

    A draft is the mentor's (and, where the site has coach review, its coaches'); a sheet
    with the coach is also seen by the organisation's admins; only a shared sheet reaches the
    student, the teacher and the school admin."""
    from evaluations.models import FeedbackSheet

    S = FeedbackSheet.Status
    parts: list[Q] = []
    if ids := mentor_site_ids(user):
        parts.append(Q(internship__mentor=user, internship__site_id__in=ids))
    if ids := coach_site_ids(user):
        parts.append(Q(internship__site_id__in=ids) & (~Q(status=S.DRAFT) | Q(internship__site__coach_review=True)))
    if ids := childcare_admin_org_ids(user):
        parts.append(Q(internship__site__organisation_id__in=ids) & ~Q(status=S.DRAFT))
    if ids := school_admin_school_ids(user):
        parts.append(Q(internship__school_id__in=ids, status=S.SHARED))
    if ids := teacher_school_ids(user):
        parts.append(Q(internship__teacher=user, internship__school_id__in=ids, status=S.SHARED))
    if ids := student_school_ids(user):
        parts.append(Q(internship__student__user=user, internship__school_id__in=ids, status=S.SHARED))
    return _filter(FeedbackSheet.objects, parts)


@dataclass(frozen=True)
class SheetRights:
    roles: frozenset
    status: str
    coach_review: bool

    @property
    def edit(self) -> bool:  # ratings and texts of a draft
        if self.status != "draft":
            return False
        return Role.MENTOR in self.roles or (Role.COACH in self.roles and self.coach_review)

    @property
    def submit(self) -> bool:
        return self.status == "draft" and Role.MENTOR in self.roles

    @property
    def review(self) -> bool:  # comment to the mentor, approve or send back
        return self.status == "in_review" and Role.COACH in self.roles

    @property
    def addendum(self) -> bool:
        return self.status == "shared" and Role.MENTOR in self.roles

    @property
    def reflect(self) -> bool:
        return self.status == "shared" and Role.STUDENT in self.roles

    @property
    def see_coach_comment(self) -> bool:
        return bool(self.roles & {Role.MENTOR, Role.COACH})


def sheet_rights(user, sheet) -> SheetRights:
    internship = sheet.internship
    return SheetRights(frozenset(internship_roles(user, internship)), sheet.status, internship.site.coach_review)


# --------------------------------------------------------------------------- evaluations


def evaluations_visible_to(user) -> QuerySet:
    """Evaluations of the internships the person sees; what of it they see is EvaluationRights."""
    from evaluations.models import Evaluation

    return Evaluation.objects.filter(internship__in=internships_visible_to(user))


@dataclass(frozen=True)
class EvaluationRights:
    roles: frozenset
    locked: bool
    mentor_signed: bool
    teacher_signed: bool

    def _any(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def edit_mentor_part(self) -> bool:  # levels, cluster remarks, advice: the mentor's, until signed
        return not self.locked and not self.mentor_signed and self._any(Role.MENTOR)

    @property
    def edit_school_part(self) -> bool:  # assessment, decision, conversation: the school decides
        return not self.locked and not self.teacher_signed and self._any(Role.TEACHER, Role.SCHOOL_ADMIN)

    @property
    def edit_self(self) -> bool:  # the student's self-assessment
        return not self.locked and self._any(Role.STUDENT)

    @property
    def sign_mentor(self) -> bool:
        return not self.locked and not self.mentor_signed and self._any(Role.MENTOR)

    @property
    def sign_teacher(self) -> bool:
        return not self.locked and not self.teacher_signed and self._any(Role.TEACHER)

    @property
    def see_mentor_part(self) -> bool:  # the student reads it once signed
        return self.locked or bool(self.roles - {Role.STUDENT})

    @property
    def see_school_part(self) -> bool:  # the site reads the school's part once signed
        return self.locked or self._any(Role.TEACHER, Role.SCHOOL_ADMIN)

    @property
    def see_self(self) -> bool:
        return self._any(Role.STUDENT, Role.TEACHER, Role.SCHOOL_ADMIN, Role.MENTOR)

    @property
    def correct(self) -> bool:  # a new revision of a signed evaluation
        return self.locked and self._any(Role.TEACHER, Role.SCHOOL_ADMIN)

    @property
    def start(self) -> bool:
        return self._any(Role.MENTOR, Role.TEACHER)


def evaluation_rights(user, evaluation) -> EvaluationRights:
    return EvaluationRights(
        frozenset(internship_roles(user, evaluation.internship)), evaluation.locked_at is not None,
        evaluation.mentor_signed_at is not None, evaluation.teacher_signed_at is not None,
    )


def evaluation_rights_for_internship(user, internship) -> EvaluationRights:
    """Rights before any evaluation exists (who may start one)."""
    return EvaluationRights(frozenset(internship_roles(user, internship)), False, False, False)


# --------------------------------------------------------------------------- mentor training
# Courses and study days of the network; registrations and certificates are personal data:
# the person, the network's coordinator and the person's organisation admins.

TRAINING_ROLES = (Role.SCHOOL_ADMIN, Role.TEACHER, Role.CHILDCARE_ADMIN, Role.COACH, Role.MENTOR)
#: Whom an admin may register: the people of their organisation with these roles.
REGISTRABLE_BY = {
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
    return bool(coordinator_network_ids(user) or training_memberships(user))


def courses_visible_to(user) -> QuerySet:
    """Published courses of the person's networks (participants); every course for the
    network's coordinators."""
    from training.models import Course

    parts: list[Q] = []
    if ids := training_network_ids(user):
        parts.append(Q(network_id__in=ids, status=Course.Status.PUBLISHED))
    if ids := coordinator_network_ids(user):
        parts.append(Q(network_id__in=ids))
    return _filter(Course.objects, parts)


def sessions_visible_to(user) -> QuerySet:
    from training.models import Session

    return Session.objects.filter(course__in=courses_visible_to(user))


def can_manage_training(user, network_id: int) -> bool:
    """Only the network's coordinators create, edit and publish courses, accept or decline
    registrations and record attendance."""
    return network_id in coordinator_network_ids(user)


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


# --------------------------------------------------------------------------- batch exports
# A group's dossiers as one ZIP: school admins (their school's groups) and teachers (the groups
# they teach); a job is its requester's and their school admin's.

def can_export(user) -> bool:
    """School admins and teachers (of at least one school) may make exports."""
    return bool(school_admin_school_ids(user) or teacher_school_ids(user))


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

    admin_ids = school_admin_school_ids(user)
    own_ids = admin_ids | teacher_school_ids(user)
    parts = []
    if own_ids:
        parts.append(Q(requested_by=user, school_id__in=own_ids))
    if admin_ids:
        parts.append(Q(school_id__in=admin_ids))
    return _filter(ExportJob.objects, parts)
