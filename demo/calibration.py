"""Demo data for rater calibration (issue 17): last school year's evening class of CVO Maasland
(group "BKO avond 2025", no demo login sees it but the coordinator, as counts),
ten former students whose internships are closed, each with two shared feedback sheets
(the first and the last week) and a signed midterm and final evaluation; and a calibration case on the
completed mentor training of each network, rated by a few participants.

Chosen so that the calibration page has something real to show (with what the region has
already): An Vermeulen (mentor@uniform.demo) and Kevin Bijnens reach 5 students at every moment,
and Kevin rates clearly higher than the network; Hilde Schoofs reaches 5 at the midterm, rates
lower there, and stays under 5 at the final evaluation ("te weinig gegevens"); Bart Lemmens
(mentor2@uniform.demo) has no signed evaluation at all.

Lean on purpose (it runs in every test worker's setup): no documents, hours or visits for the
former students, bulk inserts for ratings; sheets get their snapshot and evaluations their
signatures, digests and snapshot through the same code as the rest of the region (ADR 0011).
Idempotent: the cohort's group is the marker.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from catalogue.models import Indicator, RatingLevel
from childcare.models import Site
from internships.models import Internship, InternshipEvent
from schools.models import Group, Student
from tenancy.models import Organisation, User

COHORT_GROUP = "BKO avond 2025"
COHORT_YEAR = "2025-2026"
#: Former students: (first, last, site, mentor email, bias in levels).
COHORT = [
    ("Aya", "Benali", "KDV 't Nestje", "mentor@uniform.demo", 0),
    ("Bente", "Vanoppen", "KDV 't Nestje", "mentor@uniform.demo", 0),
    ("Cato", "Wijnants", "KDV 't Nestje", "mentor@uniform.demo", 0),
    ("Dina", "Koninckx", "KDV 't Nestje", "mentor@uniform.demo", 0),
    ("Evi", "Raskin", "BKO De Speelboom", "kevin.bijnens@kindernest.demo", 1),
    ("Floor", "Vanmechelen", "BKO De Speelboom", "kevin.bijnens@kindernest.demo", 1),
    ("Gitte", "Hoebers", "BKO De Speelboom", "kevin.bijnens@kindernest.demo", 1),
    ("Ilke", "Bamps", "KDV Klein Duimpje", "hilde.schoofs@kwadraat.demo", -1),
    ("Joke", "Vanherck", "KDV Klein Duimpje", "hilde.schoofs@kwadraat.demo", -1),
    ("Kaat", "Schuermans", "KDV Klein Duimpje", "hilde.schoofs@kwadraat.demo", -1),
]
#: Levels the network's mentors typically give at each moment (values of the four-point scale).
TYPICAL = {"week1": (1, 2, 2, 2), "week7": (3, 3, 3, 4),
           "midterm": (2, 3, 3, 3), "final": (3, 3, 4, 4)}


def _level(rng: random.Random, moment: str, bias: int, top: int) -> int:
    return max(1, min(top, rng.choice(TYPICAL[moment]) + bias))


def seed_calibration(today: date | None = None) -> None:
    from catalogue.selectors import rating_outline
    from evaluations.evaluation.services import evaluation_record_signed
    from evaluations.feedback.selectors import sheet_content
    from evaluations.models import Evaluation, EvaluationRating, FeedbackRating, FeedbackSheet

    today = today or timezone.localdate()
    school = Organisation.objects.filter(network__slug="limburg", name="CVO Maasland").select_related("network").first()
    if school is None or Group.objects.filter(school=school, name=COHORT_GROUP, school_year=COHORT_YEAR).exists():
        return
    current = Group.objects.filter(school=school, name="BKO avond 2026").exclude(school_year=COHORT_YEAR).select_related("programme").first()
    teacher = User.objects.filter(email="ilse.vrancken@cvomaasland.demo").first()
    version = (
        current.programme.versions.filter(status="published").select_related("programme").order_by("-published_at").first()
        if current and current.programme else None
    )
    if version is None or teacher is None:
        return
    group = Group.objects.create(school=school, name=COHORT_GROUP, school_year=COHORT_YEAR, programme=version.programme)
    group.teachers.add(teacher)
    sites = {s.name: s for s in Site.objects.filter(organisation__network=school.network).select_related("organisation")}
    mentors = {u.email: u for u in User.objects.filter(email__in={m for *_, m, _b in COHORT})}
    outline = rating_outline(version.pk)
    indicators = [i for c in outline[0] for i in c.indicators.all()]
    levels = {lvl.value: lvl for lvl in outline[1]}
    top = max(levels)
    rng = random.Random(17)  # noqa: S311 - reproducible demo levels, not a secret
    # Last school year, from February to May: start dates a week apart.
    first_start = today - timedelta(weeks=44)
    first_start -= timedelta(days=first_start.weekday())
    now = timezone.now()
    # Former students and their closed internships, in bulk (no history: they were imported).
    students = Student.objects.bulk_create(
        Student(school=school, group=group, first_name=first, last_name=last, is_archived=True, date_of_birth=date(1980 + 2 * n, 1 + n, 3 + n))
        for n, (first, last, *_rest) in enumerate(COHORT)
    )
    starts = [first_start + timedelta(weeks=n % 4) for n in range(len(COHORT))]
    internships = Internship.objects.bulk_create(
        Internship(school=school, student=student, site=sites[site_name], mentor=mentors[email], teacher=teacher,
                   catalogue_version=version, start_date=start, end_date=start + timedelta(weeks=8, days=-3),
                   required_hours=280, hours_done=280, status=Internship.Status.CLOSED)
        for student, start, (_f, _l, site_name, email, _b) in zip(students, starts, COHORT, strict=True)
    )
    # The timeline; it also tells the region's seeder that these internships are done.
    InternshipEvent.objects.bulk_create(
        event for internship in internships for event in (
            InternshipEvent(internship=internship, kind="created", text=f"Stage gepland in {internship.site.name}."),
            InternshipEvent(internship=internship, actor=teacher, kind="status", text="Status: afgesloten"),
        )
    )
    # Two shared feedback sheets each (the first and the last week), eight indicators rated.
    sheets = FeedbackSheet.objects.bulk_create(
        FeedbackSheet(internship=internship, author=internship.mentor, updated_by=internship.mentor,
                      date=internship.start_date + timedelta(weeks=week, days=3),
                      strengths="Neemt initiatief in de leefgroep.", work_points="Overgangsmomenten vooraf aankondigen.",
                      agreements="Volgende week een eigen activiteit.", submitted_at=now, shared_at=now)
        for internship in internships for week in (0, 6)
    )
    ratings = []
    for k, sheet in enumerate(sheets):
        n, moment, bias = k // 2, ("week1", "week7")[k % 2], COHORT[k // 2][4]
        chosen = list(dict.fromkeys(indicators[(k + n + j * 4) % len(indicators)] for j in range(8)))
        ratings += [FeedbackRating(sheet=sheet, indicator=ind, level=levels[_level(rng, moment, bias, top)]) for ind in chosen]
    FeedbackRating.objects.bulk_create(ratings)
    for sheet in sheets:  # shared once rated: its snapshot is what it shows (ADR 0011)
        sheet.status = FeedbackSheet.Status.SHARED
        sheet.snapshot = sheet_content(sheet, outline)
    FeedbackSheet.objects.bulk_update(sheets, ["status", "snapshot"])
    # A midterm and a final evaluation each, every indicator rated, signed by mentor and school.
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(internship=internship, kind=kind, updated_by=teacher, decision=Evaluation.Decision.SUFFICIENT,
                   mentor_advice="Groeit vlot; blijft werken aan grenzen stellen.",
                   school_assessment="Stage geslaagd." if kind == "final" else "Op schema.",
                   conversation_date=internship.start_date + timedelta(weeks=4 if kind == "midterm" else 8),
                   conversation_present=f"{internship.mentor}, {teacher}, stagiair")
        for internship in internships for kind in ("midterm", "final")
    )
    EvaluationRating.objects.bulk_create(
        EvaluationRating(evaluation=evaluation, indicator=ind, level=levels[_level(rng, evaluation.kind, COHORT[k // 2][4], top)])
        for k, evaluation in enumerate(evaluations) for ind in indicators
    )
    for evaluation in evaluations:
        at = timezone.make_aware(datetime.combine(evaluation.conversation_date, time(16)))
        evaluation_record_signed(evaluation=evaluation, mentor=evaluation.internship.mentor, teacher=teacher, at=at,
                                 outline=outline)

CASE_TITLE = "Femke en het middagdutje"
CASE_TEXT = (
    "Femke (stagiair, week 5) legt de peuters na het eten te slapen. Ze heeft de bedjes vooraf klaargezet en "
    "kondigt het slapengaan aan met het liedje dat de groep kent. Eén kindje blijft huilen bij de deur; Femke "
    "gaat erbij zitten, benoemt wat het kind voelt en wiegt het tot het rustig wordt. Intussen staan twee andere "
    "kinderen op en spelen met de gordijnen: Femke merkt het pas na enkele minuten en roept dan vanop afstand. "
    "Achteraf vertelt ze uit zichzelf aan haar mentor wat ze de volgende keer anders wil doen."
)
#: (indicator code, reference level value); participants' levels per indicator.
CASE_ITEMS = [("1.1", 3), ("2.1", 3), ("3.1", 2)]
CASE_RATINGS = {
    "mentor@uniform.demo": (3, 3, 2),
    "sarah.vandeweyer@kindernest.demo": (4, 3, 2),
    "kevin.bijnens@kindernest.demo": (4, 4, 3),
    "fatma.ozturk@kindernest.demo": (3, 2, 2),
    "hilde.schoofs@kwadraat.demo": (2, 3, 1),
    "mentor@other.demo": (3, 3, 2),
}


def seed_cases() -> None:
    """A calibration case on the first session of each network's completed mentor training,
    rated by the mentors who took part (five in Limburg, one in Antwerpen), who see the spread; the
    coordinator has not revealed it yet (the button is there to press)."""
    from demo.training import COMPLETED_TITLE
    from tenancy.models import Membership, Role
    from training import services
    from training.models import CalibrationCase, Course, Registration

    for course in Course.objects.filter(title=COMPLETED_TITLE, network__slug__in=["limburg", "antwerpen"]).select_related("network"):
        session = course.sessions.order_by("date").first()
        if session is None or CalibrationCase.objects.filter(session=session, title=CASE_TITLE).exists():
            continue
        version = (course.network.programmes.first().versions.filter(status="published").order_by("-published_at").first()
                   if course.network.programmes.exists() else None)
        if version is None:
            continue
        indicators = {i.code: i.pk for i in Indicator.objects.filter(version=version, code__in=[c for c, _ in CASE_ITEMS])}
        levels = {lvl.value: lvl.pk for lvl in RatingLevel.objects.filter(scale__version=version)}
        items = [(code, ref) for code, ref in CASE_ITEMS if code in indicators]
        case = services.case_create(session=session, by=None, title=CASE_TITLE, text=CASE_TEXT, version=version,
                                    references={indicators[code]: levels[ref] for code, ref in items})
        by_indicator = {item.indicator_id: item.pk for item in case.items.all()}
        taken = set(course.registrations.filter(status="confirmed").values_list("seat", flat=True))
        for email, values in CASE_RATINGS.items():
            member = (Membership.objects.active().filter(user__email=email, network=course.network, role=Role.MENTOR)
                      .select_related("user", "organisation").first())
            if member is None:
                continue
            if not course.registrations.filter(user=member.user, status="confirmed").exists():
                seat = next(s for s in range(1, course.capacity + 1) if s not in taken)
                taken.add(seat)
                Registration.objects.create(course=course, user=member.user, organisation=member.organisation,
                                            side="workfloor", status="confirmed", seat=seat)
            services.case_rate(case=case, by=member.user, levels={
                by_indicator[indicators[code]]: levels[value] for (code, _ref), value in zip(items, values, strict=False)
            })
