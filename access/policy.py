"""The policy table: which roles hold which right (shared/docs/access-policy.md as data).

This is the one place a rule is decided. The access code reads it (``allows(roles, rule)``,
``holders(rule)``) and the access matrix (tests/test_isolation.py) derives its expectations from
it, so both follow a change here. Which *objects* a role reaches (its own school, its own site,
the internships it is the mentor of...) stays in the selectors; this table says whether that
role has the right at all.

The table is pinned in docs/access-policy-table.md (``as_markdown()``; regenerate with
``manage.py access_policy_table``): a change to a rule is red until that file is regenerated,
i.e. until the change is reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable

from tenancy.models import Role

COORDINATOR = Role.COORDINATOR
SCHOOL_ADMIN = Role.SCHOOL_ADMIN
TEACHER = Role.TEACHER
CHILDCARE_ADMIN = Role.CHILDCARE_ADMIN
COACH = Role.COACH
MENTOR = Role.MENTOR
STUDENT = Role.STUDENT

#: Everyone who reaches internships (every role but the coordinator's, who sees counts only).
_INTERNSHIP_PEOPLE = (SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, COACH, MENTOR, STUDENT)
#: Everyone who takes part in training (every role but the student's and the coordinator's).
_TRAINING_PEOPLE = (SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, COACH, MENTOR)

#: rule → (roles that hold it, what it means). Everything not listed is denied.
RULES: dict[str, tuple[tuple[Role, ...], str]] = {
    # Internships: the record, its period and people.
    "internship.read": (_INTERNSHIP_PEOPLE, "open an internship they are linked to, and everything on it"),
    "internship.manage": ((SCHOOL_ADMIN,), "create internships, change mentor, teacher and period"),
    "internship.advance": ((SCHOOL_ADMIN, TEACHER), "start and close an internship"),
    "internship.override": ((SCHOOL_ADMIN,), "start or close an internship a guardrail blocks, with a reason (own school)"),
    "intake.write": ((TEACHER, MENTOR), "intake record and schedule"),
    "documents.manage": ((SCHOOL_ADMIN,), "which documents are asked, due dates"),
    "documents.configure": ((COORDINATOR,), "the network's document types: asked by default, needed to start"),
    "documents.edit": ((SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, MENTOR), "status of required documents (the mentor marks handed in)"),
    "documents.approve": ((SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN), "approve a required document"),
    "documents.upload": ((SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, MENTOR, STUDENT), "upload a document's file"),
    "visits.write": ((TEACHER,), "plan and report visits"),
    "hours.log": ((STUDENT, MENTOR), "log hours (the mentor: marked as logged by the mentor)"),
    "hours.confirm": ((MENTOR,), "confirm or refuse logged hours"),
    "activities.propose": ((STUDENT, MENTOR), "add to the activity list (the student proposes)"),
    "activities.confirm": ((MENTOR,), "confirm proposed activities"),
    # Feedback sheets.
    "feedback.write": ((MENTOR,), "start, edit and submit a feedback sheet"),
    "feedback.write_on_review": ((COACH,), "edit a draft where the site has coach review"),
    "feedback.read_draft": ((MENTOR,), "read a draft sheet"),
    "feedback.read_draft_on_review": ((COACH,), "read a draft sheet where the site has coach review"),
    "feedback.read_in_review": ((MENTOR, COACH, CHILDCARE_ADMIN), "read a sheet that is with the coach"),
    "feedback.read_shared": (_INTERNSHIP_PEOPLE, "read a shared sheet"),
    "feedback.review": ((COACH,), "comment, approve or send back a sheet with the coach"),
    "feedback.see_coach_comment": ((MENTOR, COACH), "read the coach's comment to the mentor"),
    "feedback.addendum": ((MENTOR,), "add an addendum to a shared sheet"),
    "feedback.reflect": ((STUDENT,), "write the reflection on a shared sheet"),
    # Evaluations.
    "evaluation.start": ((MENTOR, TEACHER), "start an evaluation"),
    "evaluation.write_mentor": ((MENTOR,), "levels, cluster remarks, advice, until signed"),
    "evaluation.write_school": ((TEACHER, SCHOOL_ADMIN), "assessment, decision, conversation"),
    "evaluation.write_self": ((STUDENT,), "the self-assessment"),
    "evaluation.sign_mentor": ((MENTOR,), "sign for the site"),
    "evaluation.sign_school": ((TEACHER,), "sign for the school"),
    "evaluation.read_mentor_part": ((SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, COACH, MENTOR), "read the mentor's part before it is signed"),
    "evaluation.read_school_part": ((TEACHER, SCHOOL_ADMIN), "read the school's part before it is signed"),
    "evaluation.read_self": ((STUDENT, TEACHER, SCHOOL_ADMIN, MENTOR), "read the self-assessment"),
    "evaluation.correct": ((TEACHER, SCHOOL_ADMIN), "a new revision of a signed evaluation"),
    # Schools.
    "school.open": ((SCHOOL_ADMIN, TEACHER), "the schools pages (own school, groups they teach)"),
    "school.manage": ((SCHOOL_ADMIN,), "groups, students, teachers, imports of the own school"),
    "student.read": ((SCHOOL_ADMIN, TEACHER, STUDENT), "a student record (own school, own groups or interns, self)"),
    "group.read": ((SCHOOL_ADMIN, TEACHER), "a group (own school, groups they teach)"),
    "student.audit": ((SCHOOL_ADMIN, STUDENT), "who looked at a student's record (own school's students; the student: self)"),
    "site.pick": ((SCHOOL_ADMIN, TEACHER), "every site of the network, to pick one for an internship"),
    # Childcare organisations.
    "childcare.open": ((CHILDCARE_ADMIN, COACH, MENTOR), "the childcare pages"),
    "childcare_site.read": ((CHILDCARE_ADMIN, COACH, MENTOR), "a site's page (own org, own site)"),
    "childcare.manage": ((CHILDCARE_ADMIN,), "sites, capacity, mentors and coaches of the own organisation"),
    # Site profiles and kennismakingsmomenten (ADR 0017).
    "site_profile.browse": ((COORDINATOR, SCHOOL_ADMIN, TEACHER), "the directory of the network's sites (active organisations)"),
    "site_profile.read": (
        (COORDINATOR, SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, COACH, MENTOR, STUDENT),
        "a site's profile and kennismakingsmomenten (schools' staff: the network; own org, own site; students: sites of their internships)",
    ),
    "site_profile.edit": ((CHILDCARE_ADMIN,), "the profile and kennismakingsmomenten of own sites"),
    "introduction.register": ((SCHOOL_ADMIN, TEACHER), "register a class or a student for a kennismakingsmoment (own school; teacher: own groups)"),
    "introduction.cancel": (
        (SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN), "cancel a registration (the site's admin, the school's admin, the teacher who registered)",
    ),
    "introduction.registrations": (
        (SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, COACH, MENTOR, STUDENT),
        "who registered (own sites; own school's, the teacher's own; the student: self); the coordinator: counts",
    ),
    # The network.
    "network.organisations": ((COORDINATOR,), "add, edit and deactivate schools and childcare organisations, invite their first admin"),
    "catalogue.read": ((COORDINATOR, *_INTERNSHIP_PEOPLE), "published catalogue versions of the network"),
    "catalogue.edit": ((COORDINATOR,), "programmes, drafts, publishing, retiring"),
    "invitations.send": ((COORDINATOR, SCHOOL_ADMIN, CHILDCARE_ADMIN), "invite people (each within their reach)"),
    "invitations.students": ((SCHOOL_ADMIN,), "invite students and see their invitations (the coordinator: counts only)"),
    "exports.make": ((SCHOOL_ADMIN, TEACHER), "batch exports of own school's / own groups"),
    "exports.see_school": ((SCHOOL_ADMIN,), "every export job of the own school"),
    # Notifications: everyone reads their own; these are about other people's.
    "notifications.sent": ((SCHOOL_ADMIN, CHILDCARE_ADMIN), "what was sent to whom about the own school's / site's internships"),
    "notifications.counts": ((COORDINATOR,), "how many notifications per kind and week (no names)"),
    # Reminders (ADR 0016).
    "reminders.schedule": ((COORDINATOR,), "the network's reminder schedule: each reminder on or off, after how many days"),
    "reminders.opt_out": ((SCHOOL_ADMIN, CHILDCARE_ADMIN), "turn a reminder off for the own school or childcare organisation"),
    # Retention and legal holds (ADR 0023).
    "retention.policy": ((COORDINATOR,), "the network's retention policy, privacy contact and what the job removes (counts only)"),
    "retention.holds": ((SCHOOL_ADMIN,), "what the job removes of the own school's students (names, dates) and legal holds on them"),
    # Training.
    "training.open": ((COORDINATOR, *_TRAINING_PEOPLE), "the training pages"),
    "training.read": ((COORDINATOR, *_TRAINING_PEOPLE), "courses and study days of the network"),
    "training.register": (_TRAINING_PEOPLE, "register for a course (self)"),
    "training.register_others": ((SCHOOL_ADMIN, CHILDCARE_ADMIN), "register the people of the own organisation"),
    "training.manage": ((COORDINATOR,), "courses, sessions, accepting registrations, attendance"),
    "training.registration": ((COORDINATOR, *_TRAINING_PEOPLE), "a registration: own, own people's, or the coordinator"),
    # Placements (ADR 0018): periods, places offered and asked, requests, the network dashboard.
    "placements.read": ((COORDINATOR, SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN), "the network's placement periods and published places"),
    "placements.periods": ((COORDINATOR,), "add the network's placement periods"),
    "placements.offer": ((CHILDCARE_ADMIN,), "publish places per site and period (own organisation's sites)"),
    "placements.demand": ((SCHOOL_ADMIN,), "post the own school's demand for places"),
    "placements.demand_counts": ((COORDINATOR, CHILDCARE_ADMIN), "read the network's demand (counts, no students)"),
    "placements.request": ((SCHOOL_ADMIN,), "ask a site for a place for students of the own school; answer a proposed period"),
    "placements.answer": ((CHILDCARE_ADMIN,), "accept, decline or propose another period (own organisation's sites)"),
    "placements.dashboard": ((COORDINATOR,), "the network dashboard: offered, asked, filled, trained mentors (counts only)"),
    "training.case_manage": ((COORDINATOR,), "put up a calibration case on a session, with its reference rating; reveal it"),
    "training.case_rate": (_TRAINING_PEOPLE, "rate a calibration case of a course one has a place in; then see its spread"),
    # Rater calibration (aggregates only, never for fewer than 5 students).
    "calibration.read": (
        (COORDINATOR, CHILDCARE_ADMIN, COACH, MENTOR),
        "level distributions and deviations: the network's mentors and sites, own org's, own sites', self",
    ),
}

#: rule → the roles that hold it.
POLICY: dict[str, frozenset[str]] = {rule: frozenset(roles) for rule, (roles, _) in RULES.items()}


def holders(rule: str) -> frozenset[str]:
    """The roles that hold ``rule`` (a KeyError for a rule that does not exist)."""
    return POLICY[rule]


def allows(roles: Iterable[str], rule: str) -> bool:
    """Whether any of ``roles`` holds ``rule``."""
    return not POLICY[rule].isdisjoint(roles)


def if_allowed(role: str, rule: str, ids: set[int]) -> set[int]:
    """``ids`` (what one role links the person to) when that role holds ``rule``, else nothing."""
    return ids if allows({role}, rule) else set()


ROLE_ORDER = [COORDINATOR, SCHOOL_ADMIN, TEACHER, CHILDCARE_ADMIN, COACH, MENTOR, STUDENT]


def as_markdown() -> str:
    """The table as docs/access-policy-table.md holds it (one row per rule, one column per role)."""
    lines = [
        "# Access policy table",
        "",
        "Generated from `access/policy.py` by `python manage.py access_policy_table`; do not edit by hand.",
        "`tests/test_policy.py` fails while this file differs from the table in the code, so every",
        "change to a rule is seen (and this file regenerated) in review.",
        "",
        "| rule | " + " | ".join(str(role) for role in ROLE_ORDER) + " | meaning |",
        "|---|" + "---|" * len(ROLE_ORDER) + "---|",
    ]
    for rule, (_, meaning) in RULES.items():
        marks = ["x" if role in POLICY[rule] else "–" for role in ROLE_ORDER]
        lines.append(f"| `{rule}` | " + " | ".join(marks) + f" | {meaning} |")
    return "\n".join(lines) + "\n"


def parse_markdown(text: str) -> dict[str, frozenset[str]]:
    """rule → role values, read back from a table made by ``as_markdown``."""
    table: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rule = cells[0].strip("`")
        table[rule] = frozenset(str(role) for role, mark in zip(ROLE_ORDER, cells[1:], strict=False) if mark == "x")
    return table
