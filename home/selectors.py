"""Reads for the role home pages. Each builder makes a fixed number of queries, whatever the
amount of data, and only ever starts from what ``access`` grants."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

import access
from childcare.models import Site
from internships.models import Internship, Visit
from internships.selectors import count_per_internship
from schools.models import Student
from tenancy.models import Role

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
        return str(Role(self.role).label)


#: A home lists what needs action, at most this many internships per section; the internship
#: list (paged, filtered) has the rest (ADR 0021).
HOME_LIMIT = 20


def _with_flags(qs):
    """What is due, counted in the same query: overdue documents (a subquery)."""
    from internships.models import RequiredDocument

    today = timezone.localdate()
    return qs.annotate(n_overdue=count_per_internship(RequiredDocument.objects.filter(status="missing", due_date__lt=today)))


def _with_unread_feedback(qs, user):
    """Shared feedback sheets this person has not opened yet ("new since your last visit")."""
    from evaluations.models import FeedbackSheet, SheetRead

    unread = FeedbackSheet.objects.filter(status="shared").exclude(
        Exists(SheetRead.objects.filter(user=user, sheet=OuterRef("pk")))
    )
    return qs.annotate(n_unread=count_per_internship(unread))


def _first_per_school(qs, limit: int = HOME_LIMIT) -> list:
    """At most ``limit`` internships per school, those with overdue documents first, then by
    start date. A window function numbers each school's rows on the internship table alone (the
    ids); only the chosen rows are then loaded with their people (ADR 0021, third pass: joining
    students, groups, sites and people to every active internship of the school before ranking
    made PostgreSQL hash the whole student table)."""
    rank = Window(RowNumber(), partition_by=[F("school_id")],
                  order_by=[F("n_overdue").desc(), F("start_date").asc(), F("pk").asc()])
    ranked = {pk: (rank, n) for pk, rank, n in
              _with_flags(qs).annotate(rank=rank).filter(rank__lte=limit).order_by().values_list("pk", "rank", "n_overdue")}
    chosen = list(_for_table(qs.filter(pk__in=list(ranked)))) if ranked else []
    for internship in chosen:  # the count the ranking read, not a second subquery
        internship.n_overdue = ranked[internship.pk][1]
    return sorted(chosen, key=lambda i: (i.school_id, ranked[i.pk][0]))


def _attach_counts(internships: list, qs, attr: str) -> None:
    """Each internship's ``attr``: how many rows of ``qs`` belong to it, in one grouped query on
    the listed ids (a plain ``GROUP BY`` on an index: no correlated subquery to compile per
    request; ADR 0021, third pass)."""
    ids = [i.pk for i in internships]
    counts = dict(qs.filter(internship_id__in=ids).order_by().values_list("internship_id").annotate(n=Count("pk"))) if ids else {}
    for internship in internships:
        setattr(internship, attr, counts.get(internship.pk, 0))


def _with_mentor_drafts(internships: list, user) -> None:
    """Each card's drafts, from one query of narrow rows: ``n_drafts`` (any author), ``my_draft``
    (the newest of this mentor: the app keeps it on the device, issue 20) and ``sent_back`` (the
    drafts the coach sent back, with the coach's reason), only among sheets ``access`` lets the
    person open."""
    from evaluations.models import FeedbackSheet

    by_internship: defaultdict[int, list[dict]] = defaultdict(list)
    if internships:
        rows = (
            access.feedback_sheets_visible_to(user)
            .filter(internship_id__in=[i.pk for i in internships], status=FeedbackSheet.Status.DRAFT)
            .order_by("-reviewed_at", "-created_at")
            .values("pk", "internship_id", "author_id", "date", "created_at", "reviewed_at", "coach_comment", "reviewed_by__full_name", "reviewed_by__email")
        )
        for row in rows:
            by_internship[row["internship_id"]].append(row)
    for internship in internships:
        drafts = by_internship.get(internship.pk, [])
        internship.n_drafts = len(drafts)
        mine = [d for d in drafts if d["author_id"] == user.pk]
        internship.my_draft = max(mine, key=lambda d: (d["created_at"], d["pk"]))["pk"] if mine else None
        internship.sent_back = [
            {**d, "reviewed_by": d["reviewed_by__full_name"] or d["reviewed_by__email"] or ""}
            for d in drafts if d["reviewed_at"] is not None
        ]


def _by_status(qs):
    """Running internships first, closed last; then by start date."""
    return sorted(qs, key=lambda i: (i.status == Internship.Status.CLOSED, i.start_date, i.student.last_name))


#: The columns the mentor's cards read (templates/home/roles/mentor.html): a deferred column
#: read anyway costs a query per card, which the query-count tests would see.
MENTOR_CARD_FIELDS = (
    "status", "start_date", "end_date", "hours_done", "required_hours", "school", "site", "student",
    "student__first_name", "student__last_name", "student__group", "student__group__name",
    "school__name", "site__name",
)


#: The columns an internship table of the homes reads (home.cards.InternshipRow, the teacher's
#: groups, the childcare admin's organisations): the table's people and places, nothing else
#: (ADR 0021, third pass: nine joined tables of full rows before).
TABLE_FIELDS = (
    "status", "start_date", "end_date", "hours_done", "required_hours", "school", "site", "student", "mentor", "teacher",
    "student__first_name", "student__last_name", "student__group", "student__group__name", "school__name",
    "site__name", "site__organisation", "mentor__full_name", "mentor__email", "teacher__full_name", "teacher__email",
)


def _for_table(qs):
    return qs.select_related("student__group", "school", "site", "mentor", "teacher").only(*TABLE_FIELDS)


def _mentor_section(user) -> HomeSection | None:
    memberships = access.memberships_as(user, Role.MENTOR)
    if not memberships:
        return None
    from internships.models import HourEntry, RequiredDocument

    own = access.internships_through(user, Role.MENTOR)
    # The current interns; the closed internships (they grow every year) are counted and linked.
    # Only what a card shows (not the mentor, teacher, catalogue version, organisation; ADR 0021,
    # second pass); the flags come after, one grouped query each on these ids (third pass: the
    # card query with four correlated subqueries cost 4.8 ms of ORM compilation per request).
    internships = _by_status(
        own.exclude(status=Internship.Status.CLOSED).select_related("student__group", "school", "site").only(*MENTOR_CARD_FIELDS)
    )
    today = timezone.localdate()
    _attach_counts(internships, RequiredDocument.objects.filter(status=RequiredDocument.Status.MISSING, due_date__lt=today), "n_overdue")
    _attach_counts(internships, HourEntry.objects.filter(status=HourEntry.Status.PROPOSED), "n_to_confirm")
    _with_mentor_drafts(internships, user)
    # The coming visits of the current interns, shown with the card's own student.
    by_pk = {i.pk: i for i in internships}
    visits = []
    if by_pk:
        for visit in (
            Visit.objects.filter(internship_id__in=list(by_pk), status=Visit.Status.PLANNED, date__gte=today)
            .select_related("created_by").only("internship", "date", "time", "created_by__full_name", "created_by__email")
            .order_by("date", "time", "pk")[:10]
        ):
            visit.internship = by_pk[visit.internship_id]
            visits.append(visit)
    return HomeSection(
        role=Role.MENTOR,
        title="my_interns",
        subtitle=", ".join(str(m.site) for m in memberships),
        template="home/roles/mentor.html",
        context={"internships": internships, "visits": visits,
                 "n_closed": own.filter(status=Internship.Status.CLOSED).count()},
    )


def _teacher_section(user) -> HomeSection | None:
    memberships = access.memberships_as(user, Role.TEACHER)
    if not memberships:
        return None
    own = access.internships_through(user, Role.TEACHER)
    current = own.exclude(status=Internship.Status.CLOSED)
    internships = _by_status(_with_unread_feedback(_with_flags(_for_table(current)), user))
    by_group: OrderedDict[str, list[Internship]] = OrderedDict()
    for internship in sorted(internships, key=lambda i: (str(i.student.group or ""),)):
        by_group.setdefault(internship.student.group, []).append(internship)
    groups = list(
        access.groups_taught_by(user)
        .select_related("school")
        .annotate(n_students=Count("students", filter=Q(students__is_archived=False)))
    )
    schools = sorted({m.organisation.name for m in memberships})
    # The teacher plans the visits: the coming ones, with the student and the site to go to.
    visits = list(
        Visit.objects.filter(internship__in=own, status=Visit.Status.PLANNED, date__gte=timezone.localdate())
        .select_related("internship__student", "internship__site").order_by("date", "time")[:10]
    )
    return HomeSection(
        role=Role.TEACHER,
        title="my_students",
        subtitle=", ".join(schools),
        template="home/roles/teacher.html",
        context={"by_group": list(by_group.items()), "groups": groups, "count": len(internships), "visits": visits,
                 "n_closed": own.filter(status=Internship.Status.CLOSED).count()},
    )


def _school_admin_sections(user) -> list[HomeSection]:
    schools = {m.organisation_id: m.organisation for m in access.memberships_as(user, Role.SCHOOL_ADMIN)}
    if not schools:
        return []
    groups = defaultdict(list)
    for group in (
        access.managed_groups(user)
        .prefetch_related("teachers")
        .annotate(
            n_students=Coalesce(Subquery(
                Student.objects.filter(group=OuterRef("pk"), is_archived=False).order_by().values("group")
                .annotate(n=Count("pk")).values("n")), 0),
            n_internships=Coalesce(Subquery(
                Internship.objects.filter(student__group=OuterRef("pk"), status__in=ACTIVE_STATUSES).order_by()
                .values("student__group").annotate(n=Count("pk")).values("n")), 0),
        )
        .order_by("name")
    ):
        groups[group.school_id].append(group)
    teachers = defaultdict(list)
    for membership in (
        access.managed_teachers(user)
        .select_related("user")
        .order_by("user__full_name")
    ):
        teachers[membership.organisation_id].append(membership.user)
    student_counts = dict(
        access.managed_students(user).filter(is_archived=False)
        .values_list("school_id")
        .annotate(n=Count("pk"))
    )
    # What needs action: the active internships, overdue documents first, at most HOME_LIMIT a
    # school; the figures count all of them, the internship list shows them all (ADR 0021).
    through = access.internships_through(user, Role.SCHOOL_ADMIN)
    internships = defaultdict(list)
    for internship in _first_per_school(through.filter(status__in=ACTIVE_STATUSES)):
        internships[internship.school_id].append(internship)
    counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for school_id, status, n in through.order_by().values_list("school_id", "status").annotate(n=Count("pk")):
        counts[school_id][status] = n
    sections = []
    for school_id, school in sorted(schools.items(), key=lambda kv: kv[1].name):
        by_status: dict[str, int] = counts[school_id]
        n_all: int = sum(by_status.values())
        n_active: int = sum(n for status, n in by_status.items() if status in ACTIVE_STATUSES)
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
                    "internships": internships[school_id],
                    "n_internships": n_all,
                    "n_active": n_active,
                },
            )
        )
    return sections


def _staff(memberships) -> list:
    return list(memberships.select_related("user", "site").order_by("site__name", "role", "user__full_name"))


def _childcare_admin_sections(user) -> list[HomeSection]:
    orgs = {m.organisation_id: m.organisation for m in access.memberships_as(user, Role.CHILDCARE_ADMIN)}
    if not orgs:
        return []
    from childcare.selectors import Period, site_uses

    sites: defaultdict[int | None, list[Site]] = defaultdict(list)
    today = timezone.localdate()
    # Places today, as the capacity page counts them: the capacity period covering today (else
    # the site's default) against the internships running today that hold a place.
    for use in site_uses(list(access.managed_sites(user)), Period(today, today)):
        use.site.places_today, use.site.used_today, use.site.over_today = use.offered, use.used, use.over
        sites[use.site.organisation_id].append(use.site)
    staff = defaultdict(list)
    for membership in _staff(access.managed_staff(user)):
        staff[membership.organisation_id].append(membership)
    internships = defaultdict(list)
    for internship in _with_flags(
        _for_table(
            access.internships_through(user, Role.CHILDCARE_ADMIN).filter(status__in=ACTIVE_STATUSES)
        )
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
    memberships = access.memberships_as(user, Role.COACH)
    if not memberships:
        return None
    sites = [m.site for m in memberships]
    mentors = _staff(access.coached_mentors(user))
    coached = access.internships_through(user, Role.COACH)
    internships = _for_table(coached.filter(status__in=ACTIVE_STATUSES))
    from evaluations.models import FeedbackSheet

    n_review = (access.feedback_sheets_visible_to(user)
                .filter(status=FeedbackSheet.Status.IN_REVIEW, internship__in=coached).count())
    return HomeSection(
        role=Role.COACH,
        title="coaching",
        subtitle=", ".join(str(s) for s in sites),
        template="home/roles/coach.html",
        context={"sites": sites, "mentors": mentors, "internships": _by_status(internships), "n_review": n_review},
    )


def _student_section(user) -> HomeSection | None:
    memberships = access.memberships_as(user, Role.STUDENT)
    if not memberships:
        return None
    internships = _with_unread_feedback(
        access.internships_with_people(access.internships_through(user, Role.STUDENT)), user
    )
    return HomeSection(
        role=Role.STUDENT,
        title="my_internships",
        subtitle=", ".join(sorted({m.organisation.name for m in memberships})),
        template="home/roles/student.html",
        context={"internships": _by_status(internships)},
    )


def _coordinator_sections(user) -> list[HomeSection]:
    """Network figures only (access.network_figures: aggregates, never a student's name): the
    totals, the sites that need attention (at most HOME_LIMIT) and the network's catalogue."""
    figures = access.network_figures(user, limit=HOME_LIMIT)
    if not figures:
        return []
    network_ids = [f["network"].pk for f in figures]
    programmes = defaultdict(list)
    visible = access.programmes_visible_to(user).filter(network_id__in=network_ids)
    for programme in visible.order_by("name").prefetch_related(
        Prefetch("versions", queryset=access.catalogue_versions_with_counts(user, visible))
    ):
        programmes[programme.network_id].append(programme)
    return [
        HomeSection(
            role=Role.COORDINATOR,
            title="network",
            subtitle=figure["network"].name,
            template="home/roles/coordinator.html",
            context={**figure, "programmes": programmes[figure["network"].pk]},
        )
        for figure in figures
    ]


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
