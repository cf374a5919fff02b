"""Reads for the role home pages. Each builder makes a fixed number of queries, whatever the
amount of data, and only ever starts from what ``access`` grants."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

import access
from catalogue.models import CatalogueVersion, Programme
from childcare.models import Site
from internships.models import Internship, Visit
from schools.models import Group, Student
from tenancy.models import Membership, Network, Organisation, Role

ACTIVE_STATUSES = [
    Internship.Status.PLANNED,
    Internship.Status.INTAKE_DONE,
    Internship.Status.RUNNING,
    Internship.Status.MIDTERM,
    Internship.Status.FINAL,
]
#: Interns who are at the site now or about to start: they take a place.
CURRENT_STATUSES = ACTIVE_STATUSES[1:]


@dataclass
class HomeSection:
    role: str
    title: str
    subtitle: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def _with_flags(qs, *, hours_to_confirm: bool = False):
    """What is due, counted in the same query: overdue documents (and days to confirm)."""
    today = timezone.localdate()
    qs = qs.annotate(
        n_overdue=Count("documents", filter=Q(documents__status="missing", documents__due_date__lt=today), distinct=True)
    )
    if hours_to_confirm:
        qs = qs.annotate(
            n_to_confirm=Count("hour_entries", filter=Q(hour_entries__status="proposed"), distinct=True),
            n_drafts=Count("feedback_sheets", filter=Q(feedback_sheets__status="draft"), distinct=True),
        )
    return qs


def _with_unread_feedback(qs, user):
    """Shared feedback sheets this person has not opened yet ("new since your last visit")."""
    from evaluations.models import SheetRead

    read = SheetRead.objects.filter(user=user).values("sheet_id")
    return qs.annotate(
        n_unread=Count(
            "feedback_sheets",
            filter=Q(feedback_sheets__status="shared") & ~Q(feedback_sheets__pk__in=read),
            distinct=True,
        )
    )


def _by_status(qs):
    """Running internships first, closed last; then by start date."""
    return sorted(qs, key=lambda i: (i.status == Internship.Status.CLOSED, i.start_date, i.student.last_name))


def _mentor_section(user) -> HomeSection | None:
    site_ids = access.mentor_site_ids(user)
    if not site_ids:
        return None
    internships = _with_flags(
        access.internships_with_people(Internship.objects.filter(mentor=user, site_id__in=site_ids)), hours_to_confirm=True
    )
    sites = [m.site for m in access.active_memberships(user) if m.role == Role.MENTOR]
    visits = list(
        Visit.objects.filter(
            internship__mentor=user, internship__site_id__in=site_ids, status=Visit.Status.PLANNED,
            date__gte=timezone.localdate(),
        ).select_related("internship__student", "created_by").order_by("date", "time")[:10]
    )
    return HomeSection(
        role=Role.MENTOR,
        title="my_interns",
        subtitle=", ".join(str(s) for s in sites),
        template="home/roles/mentor.html",
        context={"internships": _by_status(internships), "visits": visits},
    )


def _teacher_section(user) -> HomeSection | None:
    school_ids = access.teacher_school_ids(user)
    if not school_ids:
        return None
    internships = _by_status(
        _with_unread_feedback(
            _with_flags(access.internships_with_people(Internship.objects.filter(teacher=user, school_id__in=school_ids))),
            user,
        )
    )
    by_group: OrderedDict[str, list[Internship]] = OrderedDict()
    for internship in sorted(internships, key=lambda i: (str(i.student.group or ""),)):
        by_group.setdefault(internship.student.group, []).append(internship)
    groups = list(
        Group.objects.filter(school_id__in=school_ids, teachers=user)
        .select_related("school")
        .annotate(n_students=Count("students", filter=Q(students__is_archived=False)))
    )
    schools = sorted({m.organisation.name for m in access.active_memberships(user) if m.role == Role.TEACHER})
    # The teacher plans the visits: the coming ones, with the student and the site to go to.
    visits = list(
        Visit.objects.filter(
            internship__teacher=user, internship__school_id__in=school_ids, status=Visit.Status.PLANNED,
            date__gte=timezone.localdate(),
        ).select_related("internship__student", "internship__site").order_by("date", "time")[:10]
    )
    return HomeSection(
        role=Role.TEACHER,
        title="my_students",
        subtitle=", ".join(schools),
        template="home/roles/teacher.html",
        context={"by_group": list(by_group.items()), "groups": groups, "count": len(internships), "visits": visits},
    )


def _school_admin_sections(user) -> list[HomeSection]:
    school_ids = access.school_admin_school_ids(user)
    if not school_ids:
        return []
    schools = {m.organisation_id: m.organisation for m in access.active_memberships(user) if m.role == Role.SCHOOL_ADMIN}
    groups = defaultdict(list)
    for group in (
        Group.objects.filter(school_id__in=school_ids)
        .prefetch_related("teachers")
        .annotate(
            n_students=Count("students", filter=Q(students__is_archived=False), distinct=True),
            n_internships=Count("students__internships", filter=Q(students__internships__status__in=ACTIVE_STATUSES), distinct=True),
        )
        .order_by("name")
    ):
        groups[group.school_id].append(group)
    teachers = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(organisation_id__in=school_ids, role=Role.TEACHER)
        .select_related("user")
        .order_by("user__full_name")
    ):
        teachers[membership.organisation_id].append(membership.user)
    student_counts = dict(
        Student.objects.filter(school_id__in=school_ids, is_archived=False)
        .values_list("school_id")
        .annotate(n=Count("pk"))
    )
    internships = defaultdict(list)
    for internship in _with_flags(access.internships_with_people(Internship.objects.filter(school_id__in=school_ids))):
        internships[internship.school_id].append(internship)
    sections = []
    for school_id, school in sorted(schools.items(), key=lambda kv: kv[1].name):
        sections.append(
            HomeSection(
                role=Role.SCHOOL_ADMIN,
                title="school",
                subtitle=school.name,
                template="home/roles/school_admin.html",
                context={
                    "school": school,
                    "groups": groups[school_id],
                    "teachers": teachers[school_id],
                    "n_students": student_counts.get(school_id, 0),
                    "internships": _by_status(internships[school_id]),
                },
            )
        )
    return sections


def _staff_by_site(site_ids: set[int] | None = None, org_ids: set[int] | None = None):
    qs = Membership.objects.active().filter(role__in=[Role.MENTOR, Role.COACH]).select_related("user", "site")
    qs = qs.filter(site_id__in=site_ids) if site_ids is not None else qs.filter(organisation_id__in=org_ids)
    return list(qs.order_by("site__name", "role", "user__full_name"))


def _childcare_admin_sections(user) -> list[HomeSection]:
    org_ids = access.childcare_admin_org_ids(user)
    if not org_ids:
        return []
    orgs = {m.organisation_id: m.organisation for m in access.active_memberships(user) if m.role == Role.CHILDCARE_ADMIN}
    from childcare.selectors import Period, site_uses

    sites = defaultdict(list)
    today = timezone.localdate()
    # Places today, as the capacity page counts them: the capacity period covering today (else
    # the site's default) against the internships running today that hold a place.
    for use in site_uses(list(Site.objects.filter(organisation_id__in=org_ids)), Period(today, today)):
        use.site.places_today, use.site.used_today, use.site.over_today = use.offered, use.used, use.over
        sites[use.site.organisation_id].append(use.site)
    staff = defaultdict(list)
    for membership in _staff_by_site(org_ids=org_ids):
        staff[membership.organisation_id].append(membership)
    internships = defaultdict(list)
    for internship in _with_flags(
        access.internships_with_people(Internship.objects.filter(site__organisation_id__in=org_ids, status__in=ACTIVE_STATUSES))
    ):
        internships[internship.site.organisation_id].append(internship)
    sections = []
    for org_id, org in sorted(orgs.items(), key=lambda kv: kv[1].name):
        org_staff = staff[org_id]
        sections.append(
            HomeSection(
                role=Role.CHILDCARE_ADMIN,
                title="organisation",
                subtitle=org.name,
                template="home/roles/childcare_admin.html",
                context={
                    "organisation": org,
                    "sites": sites[org_id],
                    "mentors": [m for m in org_staff if m.role == Role.MENTOR],
                    "coaches": [m for m in org_staff if m.role == Role.COACH],
                    "internships": _by_status(internships[org_id]),
                    "n_mentors": len({m.user_id for m in org_staff if m.role == Role.MENTOR}),
                    "n_coaches": len({m.user_id for m in org_staff if m.role == Role.COACH}),
                    "capacity": sum(s.places_today for s in sites[org_id]),
                    "used": sum(s.used_today for s in sites[org_id]),
                },
            )
        )
    return sections


def _coach_section(user) -> HomeSection | None:
    site_ids = access.coach_site_ids(user)
    if not site_ids:
        return None
    sites = [m.site for m in access.active_memberships(user) if m.role == Role.COACH]
    mentors = [m for m in _staff_by_site(site_ids=site_ids) if m.role == Role.MENTOR]
    internships = access.internships_with_people(
        Internship.objects.filter(site_id__in=site_ids, status__in=ACTIVE_STATUSES)
    )
    from evaluations.models import FeedbackSheet

    n_review = (access.feedback_sheets_visible_to(user)
                .filter(status=FeedbackSheet.Status.IN_REVIEW, internship__site_id__in=site_ids).count())
    return HomeSection(
        role=Role.COACH,
        title="coaching",
        subtitle=", ".join(str(s) for s in sites),
        template="home/roles/coach.html",
        context={"sites": sites, "mentors": mentors, "internships": _by_status(internships), "n_review": n_review},
    )


def _student_section(user) -> HomeSection | None:
    school_ids = access.student_school_ids(user)
    if not school_ids:
        return None
    internships = _with_unread_feedback(
        access.internships_with_people(Internship.objects.filter(student__user=user, school_id__in=school_ids)), user
    )
    return HomeSection(
        role=Role.STUDENT,
        title="my_internships",
        subtitle=", ".join(sorted({m.organisation.name for m in access.active_memberships(user) if m.role == Role.STUDENT})),
        template="home/roles/student.html",
        context={"internships": _by_status(internships)},
    )


def _coordinator_sections(user) -> list[HomeSection]:
    network_ids = access.coordinator_network_ids(user)
    if not network_ids:
        return []
    networks = Network.objects.filter(pk__in=network_ids).order_by("name")
    orgs = defaultdict(list)
    for org in Organisation.objects.filter(network_id__in=network_ids).annotate(
        n_students=Count("students", filter=Q(students__is_archived=False), distinct=True),
        n_sites=Count("sites", distinct=True),
        n_internships_school=Count("internships", filter=Q(internships__status__in=CURRENT_STATUSES), distinct=True),
    ).order_by("name"):
        orgs[org.network_id].append(org)
    sites = defaultdict(list)
    for site in Site.objects.filter(organisation__network_id__in=network_ids).select_related("organisation").annotate(
        n_current=Count("internships", filter=Q(internships__status__in=CURRENT_STATUSES), distinct=True),
        n_mentors=Count("memberships", filter=Q(memberships__role=Role.MENTOR, memberships__is_active=True), distinct=True),
    ).order_by("organisation__name", "name"):
        sites[site.organisation.network_id].append(site)
    from training.selectors import trained_mentors_per_site

    trained = trained_mentors_per_site(network_ids)
    for network_sites in sites.values():
        for site in network_sites:
            site.n_trained = trained.get(site.pk, (0, 0))[0]
    programmes = defaultdict(list)
    for programme in Programme.objects.filter(network_id__in=network_ids).prefetch_related(
        Prefetch("versions", queryset=CatalogueVersion.objects.annotate(n_indicators=Count("indicators")).order_by("-label"))
    ):
        programmes[programme.network_id].append(programme)
    status_counts = defaultdict(dict)
    for network_id, status, n in (
        Internship.objects.filter(school__network_id__in=network_ids)
        .values_list("school__network_id", "status")
        .annotate(n=Count("pk"))
    ):
        status_counts[network_id][status] = n
    sections = []
    for network in networks:
        net_orgs = orgs[network.pk]
        counts = status_counts[network.pk]
        sections.append(
            HomeSection(
                role=Role.COORDINATOR,
                title="network",
                subtitle=network.name,
                template="home/roles/coordinator.html",
                context={
                    "network": network,
                    "schools": [o for o in net_orgs if o.kind == Organisation.Kind.SCHOOL],
                    "childcare": [o for o in net_orgs if o.kind == Organisation.Kind.CHILDCARE],
                    "sites": sites[network.pk],
                    "programmes": programmes[network.pk],
                    "status_counts": [(label, counts.get(value, 0)) for value, label in Internship.Status.choices],
                    "n_internships": sum(counts.values()),
                    "n_students": sum(o.n_students for o in net_orgs),
                },
            )
        )
    return sections


def home_sections(user) -> list[HomeSection]:
    """One section per role the person holds, in the order they are most likely to need."""
    sections: list[HomeSection] = []
    for builder in (_mentor_section, _coach_section, _teacher_section, _student_section):
        section = builder(user)
        if section:
            sections.append(section)
    sections += _school_admin_sections(user)
    sections += _childcare_admin_sections(user)
    sections += _coordinator_sections(user)
    return sections
